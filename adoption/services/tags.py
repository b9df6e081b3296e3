"""Programme and cohort tags: the CoE names them and puts them on initiatives; each change is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from adoption.inputs import TagInput
from adoption.models import Initiative, Tag
from core.db import lock_one
from core.exceptions import InvalidInput, Refused
from governance import access, actions
from governance.audit import audit_record, snapshot

FIELDS = ["code", "kind", "name", "name_zh_hant", "name_zh_hans"]


def tag_create(*, actor, code: str, name: str, kind: str = "programme", name_zh_hant: str = "", name_zh_hans: str = ""):
    """Name a new programme or cohort (the CoE only)."""
    access.require_coe(actor, _("Only the CoE manages tags."))
    data = TagInput.clean_arguments(locals())
    try:
        with transaction.atomic():
            tag = Tag.objects.create(**data)
            audit_record(actor=actor, verb="tag.created", target=tag, after=snapshot(tag, FIELDS))
    except IntegrityError as error:
        raise Refused(TagInput.refused, reasons=[_("A tag “%(code)s” exists already.") % data]) from error
    return tag


def tag_delete(*, actor, tag_id: int) -> None:
    """Remove a tag that no initiative carries any more (the CoE only)."""
    access.require_coe(actor, _("Only the CoE manages tags."))
    with transaction.atomic():
        tag = lock_one(Tag.objects.filter(pk=tag_id), _("No such tag."))
        if tag.initiatives.exists():
            raise Refused(
                _("The tag was not removed."),
                reasons=[_("Initiatives still carry “%(tag)s”: take it off them first.") % {"tag": tag.name}],
            )
        audit_record(actor=actor, verb="tag.deleted", target=tag, before=snapshot(tag, FIELDS))
        tag.delete()


def tags_named(codes: Iterable[str]) -> list[Tag]:
    """The tags of ``codes``; InvalidInput names the codes that are no tag."""
    codes = sorted({str(code).strip() for code in codes if str(code).strip()})
    tags = list(Tag.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {tag.code for tag in tags})
    if missing:
        raise InvalidInput(
            _("The tags were not changed."),
            fields={"tags": [_("No tag is called %(codes)s.") % {"codes": ", ".join(missing)}]},
        )
    return tags


def initiative_tag(*, actor, initiative: Initiative, add: Iterable[Tag] = (), remove: Iterable[Tag] = ()) -> Initiative:
    """Put ``add`` on the initiative and take ``remove`` off (the ``tag`` action: the CoE); audited when something
    changed."""
    add, remove = list(add), list(remove)
    with transaction.atomic():
        locked = actions.action_lock("tag", user=actor, initiative=initiative, no_key=True)
        before = sorted(locked.tags.values_list("code", flat=True))
        if add:
            locked.tags.add(*add)
        if remove:
            locked.tags.remove(*remove)
        after = sorted(locked.tags.values_list("code", flat=True))
        if before != after:
            audit_record(
                actor=actor,
                verb="initiative.tagged",
                target=locked,
                initiative=locked,
                before={"tags": before},
                after={"tags": after},
            )
    return locked
