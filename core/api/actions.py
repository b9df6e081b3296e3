"""Actions on one object: ``POST <object>/<action>/`` checks its body, calls the service that does the action and
answers with the object as it now stands.

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
    base: type = ApiView  # a mixin the views need (e.g. the initiative's)
    body_first: bool = False  # check the body before reading the object


@dataclass(frozen=True)
class Action:
    """One action: ``POST <target.prefix><segment>/``, named ``<target.name>-<segment>``, done by ``service``."""

    target: Target
    segment: str
    service: Callable[..., Any]
    body: type | None  # the request serializer (None: no body)
    summary: str
    description: str | None = None
    tag: str = ""  # the target's by default
    fixed: dict[str, Any] = field(default_factory=dict)  # arguments the endpoint itself decides
    renamed: dict[str, str] = field(default_factory=dict)  # body field → the service's argument
    from_request: Callable[[Request], dict[str, Any]] | None = None  # arguments read off the request (``auth=``)
    examples: tuple[OpenApiExample, ...] = ()

    @property
    def name(self) -> str:
        return f"{self.target.name}-{self.segment}"

    def arguments(self, request: Request, obj: Any, data: dict[str, Any]) -> dict[str, Any]:
        """The service's keyword arguments: the actor, the object, the body's fields and the fixed ones."""
        arguments = {self.renamed.get(name, name): value for name, value in data.items()}
        arguments.update(self.fixed, actor=request.user, **{self.target.keyword: obj})
        if self.from_request is not None:
            arguments.update(self.from_request(request))
        return arguments

    def perform(self, view: ApiView) -> Response:
        request = view.request
        target = self.target
        data = validated(self.body, request) if self.body is not None and target.body_first else None
        obj = target.read(view)
        if data is None:
            data = validated(self.body, request) if self.body is not None else {}
        result = self.service(**self.arguments(request, obj, data))
        return target.answer(view, obj, result)

    def view(self) -> type[ApiView]:
        target = self.target
        schema = operation(
            self.tag or target.tag,
            self.summary,
            target.shown,
            400,
            403,
            404,
            409,
            description=self.description,
            parameters=list(target.parameters),
            request=self.body,
            examples=list(self.examples) or None,
        )
        action = self

        def post(view, request, **kwargs):
            return action.perform(view)

        name = "".join(part.capitalize() for part in self.name.split("-")) + "View"
        return type(name, (target.base,), {"pagination_class": None, "post": schema(post), "__module__": __name__})


def action_paths(actions: tuple[Action, ...]) -> list:
    """One URL pattern per action."""
    return [path(f"{a.target.prefix}{a.segment}/", a.view().as_view(), name=a.name) for a in actions]


def read_by_id(getter: Callable[..., Any], kwarg: str, what: str) -> Callable[[ApiView], Any]:
    """A ``Target.read``: the object whose id is the path's ``kwarg``, through ``getter(user=…, pk=…)``."""
    return lambda view: getter(user=view.request.user, pk=parse_id(view.kwargs[kwarg], what=what))


def shown_again(getter: Callable[..., Any], serializer: type) -> Callable[[ApiView, Any, Any], Response]:
    """A ``Target.answer``: the object read again through ``getter``, as the user now sees it."""
    return lambda view, obj, result: Response(serializer(getter(user=view.request.user, pk=obj.pk)).data)


def api_paths(routes: tuple[tuple[str, type[ApiView], str], ...]) -> list:
    """One URL pattern per ``(route, view class, name)`` row."""
    return [path(route, view.as_view(), name=name) for route, view, name in routes]
