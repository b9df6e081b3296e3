"""Views made from declarations: ``endpoint()`` joins a path's operations (functions documented by ``operation``)
into a view; ``api_paths()`` turns a table of routes into URL patterns.

Actions: ``POST <object>/<action>/`` (or ``POST <collection>/``) checks its body, calls the service that does the
action and answers with the object as it now stands (or with what was created).

Each kind of object is a ``Target`` (the path that names it, how it is read for the user, what the service calls it,
how it is shown); each action is a row (``Action``) of its app's table. The views and their URL patterns are made
from that table, so the path, the schema and the call of an action are written once, side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.urls import path
from drf_spectacular.utils import OpenApiExample, OpenApiParameter
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.base import ApiView, operation, parse_id, validated


@dataclass(frozen=True)
class Target:
    """The kind of object an action applies to."""

    name: str  # what the URL names start with, e.g. "gate-review"
    prefix: str  # the path up to the object, e.g. "gate-reviews/<str:review_id>/"
    parameters: tuple[OpenApiParameter, ...]  # the path's parameters, as the schema documents them
    read: Callable[[ApiView], Any]  # the object named by the view's path, visible to the user, or NotFound
    keyword: str  # what the services call the object
    answer: Callable[[ApiView, Any, Any], Response]  # (view, object, what the service returned) → the answer
    shown: type  # the serializer of the answer
    tag: str
    base: type = ApiView  # the views' base class (e.g. the initiative's views')
    body_first: bool = False  # check the body before reading the object

    @classmethod
    def by_id(
        cls, name: str, parameter: OpenApiParameter, getter: Callable[..., Any], what: str, shown: type, tag: str
    ):
        """An object at ``<name>s/<id>/``, read through ``getter(user=…, pk=…)`` (``what`` names it when missing),
        known to the services by the last word of its name, and shown again after an action."""
        return cls(
            name,
            f"{name}s/<str:{parameter.name}>/",
            (parameter,),
            read_by_id(getter, parameter.name, what),
            name.rsplit("-", 1)[-1],
            shown_again(getter, shown),
            shown,
            tag,
        )

    def detail(self, summary: str):
        """The documented ``get`` of the object itself."""
        target = self

        def get(view, request, **kwargs):
            return Response(target.shown(target.read(view)).data)

        get.__name__ = f"{self.name.replace('-', '_')}_detail_get"
        return operation(self.tag, self.shown, (404,), summary=summary, parameters=list(self.parameters))(get)


@dataclass(frozen=True)
class Action:
    """One action: ``POST <target.prefix><segment>/``, named ``<target.name>-<segment>``, done by ``service``; it
    answers as the target does unless it names its own ``answer``: a serializer of what the service returned, or a
    function (view, object, result) → response with ``shown``, its serializer. Without a target it is the ``POST``
    of a collection (``segment`` is then only its path, for the reader): it creates (201), and may be refused as
    invalid or forbidden (400, 403)."""

    target: Target | None
    segment: str
    service: Callable[..., Any]
    body: type | None  # the request serializer (None: no body)
    summary: str
    description: str | None = None
    tag: str = ""  # the target's by default
    fixed: dict[str, Any] = field(default_factory=dict)  # arguments the endpoint itself decides
    renamed: dict[str, str] = field(default_factory=dict)  # body field → the service's argument
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None  # the body as the service takes it
    from_request: Callable[[Request], dict[str, Any]] | None = None  # arguments read off the request (``auth=``)
    examples: tuple[OpenApiExample, ...] = ()
    code: int | None = None  # 200 (201 without a target)
    errors: tuple[int, ...] | None = None  # (400, 403, 404, 409); without a target (400, 403)
    answer: Callable[[ApiView, Any, Any], Response] | type | None = None
    shown: type | None = None

    @property
    def name(self) -> str:
        return f"{self.target.name}-{self.segment}"

    @property
    def status(self) -> int:
        return self.code or (200 if self.target is not None else 201)

    def respond(self, view: ApiView, obj: Any, result: Any) -> Response:
        """The answer, with the action's status."""
        if self.answer is None:
            response = self.target.answer(view, obj, result)
        elif isinstance(self.answer, type):
            response = Response(self.answer(result).data)
        else:
            response = self.answer(view, obj, result)
        response.status_code = self.status
        return response

    def arguments(self, request: Request, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments: the actor, the object, the body's fields and the fixed ones."""
        if self.prepare is not None:
            data = self.prepare(data)
        arguments = {self.renamed.get(name, name): value for name, value in data.items()}
        arguments.update(self.fixed, actor=request.user)
        if self.target is not None:
            arguments[self.target.keyword] = obj
        if self.from_request is not None:
            arguments.update(self.from_request(request))
        return arguments

    def perform(self, view: ApiView) -> Response:
        """The body checked (before or after reading the object, as the target says), the service called."""
        request = view.request
        target = self.target
        body_first = target is None or target.body_first
        data = validated(self.body, request) if self.body is not None and body_first else None
        obj = target.read(view) if target is not None else None
        if data is None:
            data = validated(self.body, request) if self.body is not None else {}
        result = self.service(**self.arguments(request, obj, data))
        return self.respond(view, obj, result)

    def post(self):
        """The documented ``post`` method of the action's view."""
        target = self.target
        schema = operation(
            self.tag or target.tag,
            self.shown or (self.answer if isinstance(self.answer, type) else target.shown),
            self.errors or ((400, 403, 404, 409) if target is not None else (400, 403)),
            code=self.status,
            summary=self.summary,
            description=self.description,
            parameters=list(target.parameters) if target is not None else None,
            request=self.body,
            examples=list(self.examples) or None,
        )
        action = self

        def post(view, request, **kwargs):
            return action.perform(view)

        return schema(post)

    def view(self) -> type[ApiView]:
        name = "".join(part.capitalize() for part in self.name.split("-")) + "View"
        attrs = {"pagination_class": None, "post": self.post(), "__module__": __name__}
        return type(name, (self.target.base,), attrs)


def decision(
    target: Target,
    service: Callable[..., Any],
    body: type | None,
    flag: str,
    yes: tuple[str, str],
    no: tuple[str, str],
    **more: Any,
) -> tuple[Action, Action]:
    """The two actions of a yes-or-no decision: one ``service`` told which by ``flag``; ``yes`` and ``no`` are each
    action's segment and summary."""
    return tuple(
        Action(target, segment, service, body, summary, fixed={flag: value}, **more)
        for (segment, summary), value in ((yes, True), (no, False))
    )


def action_paths(actions: tuple[Action, ...]) -> list:
    """One URL pattern per action."""
    return [path(f"{a.target.prefix}{a.segment}/", a.view().as_view(), name=a.name) for a in actions]


def read_by_id(getter: Callable[..., Any], kwarg: str, what: str) -> Callable[[ApiView], Any]:
    """A ``Target.read``: the object whose id is the path's ``kwarg``, through ``getter(user=…, pk=…)``."""
    return lambda view: getter(user=view.request.user, pk=parse_id(view.kwargs[kwarg], what=what))


def shown_again(
    getter: Callable[..., Any], serializer: type, *, created: bool = False
) -> Callable[[ApiView, Any, Any], Response]:
    """An answer: the object (or, when ``created``, what the service returned) read again through
    ``getter(user=…, pk=…)``, as the user now sees it."""

    def answer(view: ApiView, obj: Any, result: Any) -> Response:
        shown = getter(user=view.request.user, pk=(result if created else obj).pk)
        return Response(serializer(shown).data)

    return answer


def endpoint(*, base: type[ApiView] = ApiView, cursor_ordering: tuple[str, ...] | None = None, **attrs: Any):
    """A view whose methods are the given operations (``get=``, ``post=``, ...: functions of the view, the request
    and the path's parameters, each documented by ``operation``), paginated when it names a ``cursor_ordering``;
    any other keyword is a class attribute (e.g. ``parser_classes``)."""
    handlers = [attrs[method] for method in ("get", "post", "put", "patch", "delete") if method in attrs]
    stem = handlers[0].__name__.rsplit("_", 1)[0]
    name = "".join(part.capitalize() for part in stem.split("_")) + "View"
    if cursor_ordering is None:
        attrs["pagination_class"] = None
    else:
        attrs["cursor_ordering"] = cursor_ordering
    return type(name, (base,), {"__module__": handlers[0].__module__, **attrs})


def api_paths(routes: tuple[tuple[str, type[ApiView], str], ...]) -> list:
    """One URL pattern per ``(route, view class, name)`` row."""
    return [path(route, view.as_view(), name=name) for route, view, name in routes]
