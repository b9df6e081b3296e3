"""The review page as the place to decide: the frozen evidence (text, link, file with a preview served through the
review), the ROI's change since the previous gate, earlier rounds, "needs change" flags, the owner's answer, and
the last approval saying where the initiative went."""

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.urls import reverse

from adoption.models import GateCriterion
from adoption.services.evidence import evidence_add
from governance.choices import Decision, ReviewStatus
from governance.models import GateReview, ReviewAnswer, SignOff
from governance.services.reviews import gate_review_answer, gate_review_request, signoff_record
from tests.factories import satisfy_gate

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def evidenced(ready, owner):
    """The ready initiative with text, link, image and PDF evidence on four criteria, then a review requested."""
    criteria = {c.code: c for c in GateCriterion.objects.filter(initiative=ready, phase=ready.phase)}
    versions = {
        "text": evidence_add(
            actor=owner, criterion=criteria["pain_point_prioritised"], kind="text", text="Top pain: 40 min per claim."
        ),
        "link": evidence_add(
            actor=owner, criterion=criteria["value_hypothesis"], kind="link", url="https://wiki.example.com/value"
        ),
        "image": evidence_add(
            actor=owner, criterion=criteria["feasibility_spike"], kind="file", file=ContentFile(PNG, name="spike.png")
        ),
        "pdf": evidence_add(
            actor=owner,
            criterion=criteria["sourcing_options_scored"],
            kind="file",
            file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="options.pdf"),
        ),
    }
    satisfy_gate(ready)  # every criterion met again (evidence recorded above keeps its versions)
    review = gate_review_request(actor=owner, initiative=ready)
    return review, versions


def page_of(client, review):
    response = client.get(reverse("governance:review", args=[review.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_signers_read_the_frozen_evidence(as_user, cast, evidenced):
    review, versions = evidenced
    page = page_of(as_user(cast["officer"]), review)
    assert "Top pain: 40 min per claim." in page
    assert 'href="https://wiki.example.com/value"' in page
    image_url = reverse("governance:review_evidence", args=[review.pk, versions["image"].pk])
    pdf_url = reverse("governance:review_evidence", args=[review.pk, versions["pdf"].pk])
    assert f'<img class="evidence-preview" src="{image_url}"' in page
    assert f'<iframe class="evidence-preview" src="{pdf_url}"' in page
    assert versions["image"].sha256 in page
    assert "spike.png" in page
    assert "/media/" not in page


def test_the_frozen_file_is_served_to_those_who_may_see_the_review(as_user, cast, evidenced):
    review, versions = evidenced
    url = reverse("governance:review_evidence", args=[review.pk, versions["image"].pk])
    response = as_user(cast["officer"]).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PNG
    pdf = as_user(cast["officer"]).get(reverse("governance:review_evidence", args=[review.pk, versions["pdf"].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    # Another unit's officer, someone without a role, and anyone asking for a version the review did not freeze: 404.
    assert as_user(cast["elsewhere"]).get(url).status_code == 404
    assert as_user(cast["newcomer"]).get(url).status_code == 404
    text_version = reverse("governance:review_evidence", args=[review.pk, versions["text"].pk])
    assert as_user(cast["officer"]).get(text_version).status_code == 404
    client = as_user(cast["officer"])
    client.logout()
    assert client.get(url).status_code in (302, 401, 403)


def test_a_file_of_another_review_is_not_served_through_this_one(as_user, cast, evidenced, elsewhere, owner, coe):
    review, _versions = evidenced
    satisfy_gate(elsewhere)
    spike = GateCriterion.objects.get(initiative=elsewhere, code="feasibility_spike")
    other = evidence_add(actor=owner, criterion=spike, kind="file", file=ContentFile(PNG, name="other.png"))
    url = reverse("governance:review_evidence", args=[review.pk, other.pk])
    assert as_user(coe).get(url).status_code == 404


def test_request_changes_on_one_criterion_then_the_owner_answers(as_user, cast, evidenced, owner, sponsor, coe):
    review, _versions = evidenced
    officer = as_user(cast["officer"])
    response = officer.post(
        reverse("governance:sign", args=[review.pk]),
        {
            "sign-slot": "compliance_officer",
            "sign-decision": "request_changes",
            "sign-comment": "Please complete the spike.",
            "sign-flag": ["feasibility_spike"],
            "sign-flag-note-feasibility_spike": "The report lacks the accuracy figures.",
            "sign-flag-note-value_hypothesis": "ignored: not ticked",
        },
    )
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"You signed the Compliance officer slot of {review.initiative.key}: Request changes. "
        f"The review of {review.initiative.key} now waits for its owner to answer the requested changes."
    ]
    signoff = SignOff.objects.get(review=review)
    assert [f["code"] for f in signoff.flags] == ["feasibility_spike"]

    page = page_of(as_user(owner), review)
    assert 'class="badge rs-changes_requested"' in page
    assert "Changes requested: waiting for the owner" in page
    assert "The report lacks the accuracy figures." in page
    assert 'name="answer-comment"' in page
    # A signer cannot sign meanwhile and sees why.
    coe_page = page_of(as_user(coe), review)
    assert 'name="sign-decision"' not in coe_page
    assert "Changes were requested: signing resumes when the owner answers." in coe_page

    empty = as_user(owner).post(reverse("governance:answer_review", args=[review.pk]), {"answer-comment": ""})
    assert empty.status_code == 400
    answered = as_user(owner).post(
        reverse("governance:answer_review", args=[review.pk]), {"answer-comment": "Accuracy figures added."}
    )
    assert answered.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN
    assert ReviewAnswer.objects.get(review=review).comment == "Accuracy figures added."
    history = page_of(as_user(coe), review)
    assert "Accuracy figures added." in history
    assert "Please complete the spike." in history


def test_a_signer_cannot_answer_and_an_outsider_gets_404(as_user, cast, review):
    signoff_record(
        actor=cast["officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="Redo.",
    )
    url = reverse("governance:answer_review", args=[review.pk])
    assert as_user(cast["officer"]).post(url, {"answer-comment": "x"}).status_code == 403
    assert as_user(cast["elsewhere"]).post(url, {"answer-comment": "x"}).status_code == 404
    assert not ReviewAnswer.objects.exists()
    assert GateReview.objects.get(pk=review.pk).status == ReviewStatus.CHANGES_REQUESTED


def test_flag_errors_keep_what_was_typed(as_user, cast, review):
    response = as_user(cast["officer"]).post(
        reverse("governance:sign", args=[review.pk]),
        {
            "sign-slot": "compliance_officer",
            "sign-decision": "approve",
            "sign-flag": ["feasibility_spike"],
            "sign-flag-note-feasibility_spike": "Typed note kept.",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Criteria are flagged only when requesting changes." in page
    assert "Typed note kept." in page
    assert not SignOff.objects.exists()


def test_the_last_approval_says_the_initiative_advanced(as_user, cast, review, sponsor, coe, owner):
    signoff_record(
        actor=cast["officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="Redo.",
    )
    gate_review_answer(actor=owner, review=review, comment="Done.")
    for user, slot in ((cast["officer"], "compliance_officer"), (sponsor, "business_sponsor")):
        assert (
            as_user(user)
            .post(reverse("governance:sign", args=[review.pk]), {"sign-slot": slot, "sign-decision": "approve"})
            .status_code
            == 302
        )
    last = as_user(coe).post(
        reverse("governance:sign", args=[review.pk]), {"sign-slot": "coe_admin", "sign-decision": "approve"}
    )
    said = [str(m) for m in get_messages(last.wsgi_request)]
    assert said[-1].endswith(f"Every slot approved: {review.initiative.key} advanced to validation.")


def test_the_roi_change_since_the_previous_gate(as_user, cast, review, sponsor, coe, owner):
    from decimal import Decimal

    from django.utils import timezone

    from adoption.services.roi import roi_version_append

    def estimate(benefit):
        roi_version_append(
            actor=owner,
            initiative=review.initiative,
            currency="EUR",
            rate_to_reporting=Decimal("1"),
            rate_date=timezone.localdate(),
            confidence="low",
            benefit_cash_saving=Decimal(benefit),
            one_off_cost=Decimal("10000"),
            run_cost_model=Decimal("5000"),
        )

    signoff_record(
        actor=cast["officer"],
        review=review,
        slot_key="compliance_officer",
        decision=Decision.REQUEST_CHANGES,
        comment="ROI first.",
    )
    estimate(50000)
    gate_review_answer(actor=owner, review=review, comment="Estimate recorded.")
    for user, slot in ((cast["officer"], "compliance_officer"), (sponsor, "business_sponsor"), (coe, "coe_admin")):
        signoff_record(actor=user, review=review, slot_key=slot, decision=Decision.APPROVE)
    initiative = review.initiative
    initiative.refresh_from_db()
    assert initiative.phase == "validation"
    satisfy_gate(initiative)
    estimate(80000)
    second = gate_review_request(actor=owner, initiative=initiative)
    page = page_of(as_user(cast["officer"]), second)
    assert "Change since the exploration gate" in page
    assert "€30,000" in page  # the annual benefit grew from €50,000 to €80,000


def test_a_review_frozen_before_evidence_was_kept_still_reads(as_user, cast, review):
    snapshot = review.snapshot
    for item in snapshot["criteria"]:
        item.pop("evidence", None)
    GateReview.objects.filter(pk=review.pk).update(snapshot=snapshot)
    page = page_of(as_user(cast["officer"]), review)
    assert "frozen before evidence content was kept in the snapshot" in page
    assert snapshot["criteria"][0]["evidence_sha256"] in page


def test_the_review_page_s_queries_do_not_grow_with_earlier_rounds(as_user, cast, review, owner, coe):
    """Two rounds of changes and answers, then four more: the page reads its history in the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def round_trip():
        signoff_record(
            actor=cast["officer"],
            review=review,
            slot_key="compliance_officer",
            decision=Decision.REQUEST_CHANGES,
            comment="Once more.",
            flags=[{"criterion": "feasibility_spike", "note": "More figures."}],
        )
        gate_review_answer(actor=owner, review=review, comment="Figures added.")

    def count():
        client = as_user(coe)
        client.get(reverse("governance:review", args=[review.pk]))  # fills the person's cached facts
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("governance:review", args=[review.pk])).status_code == 200
        return len(queries)

    for _ in range(2):
        round_trip()
    small = count()
    for _ in range(4):
        round_trip()
    assert count() == small
    assert ReviewAnswer.objects.filter(review=review).count() == 6
