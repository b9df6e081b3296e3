"""The sign-off inbox, the review page with its frozen snapshot, signing a slot (with the criteria that need
change), the owner's answer to requested changes, and the frozen evidence files."""

from __future__ import annotations

import datetime
import json
from urllib.parse import quote

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin

from adoption import display
from adoption.choices import Phase, RiskTier
from adoption.display import choice_labels
from core.pagination import cursor_read
from core.web import form_submit, page
from governance import actions
from governance.choices import Decision, ReviewStatus
from governance.forms import AnswerForm, SignForm
from governance.selectors.reviews import (
    PREVIEW_TYPES,
    days_waiting,
    decision_outcome,
    flagged_criteria,
    frozen_evidence_file,
    frozen_roi,
    gate_review_detail,
    review_history,
    roi_change,
    signoff_inbox_page,
)
from governance.services import reviews as review_services
from governance.stepup import auth_proof

PAGE_SIZE = 50


@page()
def inbox(request: HttpRequest) -> HttpResponse:
    # A page at a time, oldest first, read after or before a position (keyset): a signer over many units may have
    # hundreds waiting, and a page costs the same whichever it is and however many wait.
    try:
        after, before = cursor_read(request.GET.get("after")), cursor_read(request.GET.get("before"))
    except ValueError:
        messages.warning(request, _("That page of the inbox does not exist; here is its first page."))
        after = before = None
    found = signoff_inbox_page(user=request.user, size=PAGE_SIZE, after=after, before=None if after else before)
    return render(request, "governance/inbox.html", {"rows": inbox_rows(found.rows), "page": found})


def inbox_rows(rows: list[dict]) -> list[dict]:
    """What the template prints of each row, every word, number and address worked out here: a page of 50 rows
    costs a loop of plain lookups, not a template tag or a filter per cell."""
    phases, risk_tiers = choice_labels(Phase), choice_labels(RiskTier)
    initiative_url = reverse("governance:initiative", args=["-"]).rpartition("-/")
    review_url = reverse("governance:review", args=[0]).rpartition("0/")
    days: dict[datetime.date, str] = {}  # a page's reviews were requested on a few days: each worded once
    shown = []
    for row in rows:
        requester = f"{row['requested_by__first_name']} {row['requested_by__last_name']}".strip()
        day = timezone.localtime(row["requested_at"]).date()
        if day not in days:
            days[day] = display.date(day)
        waiting = days_waiting(requested_at=row["requested_at"])
        shown.append(
            {
                "key": row["initiative__key"],
                "title": row["initiative__title"],
                "initiative_url": f"{initiative_url[0]}{quote(row['initiative__key'])}/{initiative_url[2]}",
                "review_url": f"{review_url[0]}{row['pk']}/{review_url[2]}",
                "gate": f"{phases.get(row['phase'], row['phase'])} #{row['attempt']}",
                "round": row["round"],
                "unit": row["initiative__business_unit__name"],
                "risk_tier": row["risk_tier"],
                "risk": risk_tiers.get(row["risk_tier"], row["risk_tier"]),
                "requested_by": requester or row["requested_by__username"],
                "requested": days[day],
                "waiting_days": str(waiting),
                "long_wait": waiting > 7,
            }
        )
    return shown


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _review_context(
    request: HttpRequest,
    review_id,
    *,
    form: SignForm | None = None,
    answer_form: AnswerForm | None = None,
    flag_values: dict | None = None,
) -> dict:
    detail = gate_review_detail(user=request.user, review_id=review_id)
    review = detail.review
    for state in detail.slots:
        state.eligible = detail.signers.get(state.slot.pk, []) if state.state == "waiting" else []
    slot_labels = {state.slot.key: state.slot for state in detail.slots}
    choices = [(key, slot_labels[key].get_role_display()) for key in detail.my_slots if key in slot_labels]
    if form is None and choices:
        form = SignForm(slots=choices, prefix="sign")
    history = review_history(review)
    flags = flagged_criteria(review, history)
    answer = actions.action_state("answer_review", user=request.user, initiative=review.initiative)
    if answer.allowed and answer_form is None:
        answer_form = AnswerForm(prefix="answer")
    # The frozen criteria as the page shows them: with their "needs change" flags, whether the file previews, and
    # what the signer ticked and typed on a form sent back with errors.
    criteria = []
    for frozen in (review.snapshot or {}).get("criteria", []):
        content_type = (frozen.get("evidence") or {}).get("content_type", "")
        typed = (flag_values or {}).get(frozen["code"])
        criteria.append(
            {
                **frozen,
                "needs_change": flags.get(frozen["code"], []),
                "preview": content_type if content_type in PREVIEW_TYPES else "",
                "flag_checked": typed is not None,
                "flag_note": typed or "",
                # The snapshot keeps dates as ISO text; the page writes them as the reader's language does.
                "evidence_day": _day(frozen.get("evidence_date")),
                "waiver_until": _day((frozen.get("waiver") or {}).get("expires_on")),
            }
        )
    return {
        "detail": detail,
        "review": review,
        "initiative": review.initiative,
        "snapshot": review.snapshot,
        "criteria": criteria,
        "snapshot_roi": frozen_roi(review),
        "roi_change": roi_change(review),
        "history": [item for item in history if not item.current],
        "days_waiting": days_waiting(review) if review.status == ReviewStatus.OPEN else None,
        "form": form if choices else None,
        "answer_form": answer_form if answer.allowed or answer_form is not None else None,
        "answer_waiting": answer if not answer.allowed and answer.waiting else None,
        "can_withdraw": review.is_live and review.requested_by_id == request.user.pk,
    }


@page()
def review(request: HttpRequest, review_id: int) -> HttpResponse:
    return render(request, "governance/review.html", _review_context(request, review_id))


def _posted_flags(request: HttpRequest, codes: list[str]) -> dict[str, str]:
    """The criteria ticked as needing change on the sign form, code → the note typed beside it."""
    ticked = set(request.POST.getlist("sign-flag"))
    return {code: request.POST.get(f"sign-flag-note-{code}", "") for code in codes if code in ticked}


@page("POST")
def sign(request: HttpRequest, review_id: int) -> HttpResponse:
    context = _review_context(request, review_id)
    detail = context["detail"]
    slots = {state.slot.key: state.slot for state in detail.slots}
    choices = [(key, slots[key].get_role_display()) for key in detail.my_slots if key in slots]
    flag_values = _posted_flags(request, [item["code"] for item in context["criteria"]])
    data = request.POST.copy()
    data["sign-flags"] = json.dumps([{"criterion": code, "note": note} for code, note in flag_values.items()])
    form = SignForm(data, slots=choices or [(key, key) for key in slots], prefix="sign")
    signed, status = form_submit(
        form,
        lambda data: review_services.signoff_record(
            actor=request.user,
            review=detail.review,
            slot_key=data["slot"],
            decision=data["decision"],
            comment=data["comment"],
            flags=data["flags"],
            auth=auth_proof(request),
        ),
        field_map={"slot_key": "slot"},
    )
    if signed:
        data = form.cleaned_data
        words = {"slot": slots[data["slot"]].get_role_display(), "key": detail.review.initiative.key}
        signed_text = _("You signed the %(slot)s slot of %(key)s: %(decision)s.") % {
            **words,
            "decision": Decision(data["decision"]).label,
        }
        # One message: what was signed, then what it led to (advanced, and to which phase; waiting for the owner).
        messages.success(request, " ".join(filter(None, [signed_text, decision_outcome(status)])))
        return redirect("governance:inbox")
    context = _review_context(request, review_id, form=form, flag_values=flag_values)
    context["form"] = form
    return render(request, "governance/review.html", context, status=status)


@page("POST")
def answer(request: HttpRequest, review_id: int) -> HttpResponse:
    context = _review_context(request, review_id)
    review = context["review"]
    form = AnswerForm(request.POST, prefix="answer")
    answered, status = form_submit(
        form,
        lambda data: review_services.gate_review_answer(actor=request.user, review=review, comment=data["comment"]),
    )
    if answered:
        messages.success(
            request,
            _("Your answer was sent: the review is open for signing again; every slot signs again (round %(round)d).")
            % {"round": status.round},
        )
        return redirect("governance:review", review_id=review.pk)
    context = _review_context(request, review_id, answer_form=form)
    return render(request, "governance/review.html", context, status=status)


@page()
@xframe_options_sameorigin
def review_evidence(request: HttpRequest, review_id: int, version_id: int) -> FileResponse:
    """A file a review froze, for anyone who may see the review (others: 404): shown inline when it is an image
    or a PDF (the review page previews it), downloaded otherwise. Never a public media address."""
    version = frozen_evidence_file(user=request.user, review_id=review_id, version_id=version_id)
    inline = version.content_type in PREVIEW_TYPES
    response = FileResponse(
        version.file.open("rb"), as_attachment=not inline, filename=version.file_name, content_type=version.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # The file alone, framed only by this site's review page, never running anything of its own.
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response["Cache-Control"] = "private, no-store"
    return response
