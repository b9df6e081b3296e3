"""Pages of the governance app, and the portfolio pages that bring both apps together."""

from django.urls import path

from governance import views

app_name = "governance"
urlpatterns = [
    path("", views.board, name="board"),
    path("language", views.language, name="language"),
    path("portfolio.csv", views.board_csv, name="board_csv"),
    path("portfolio/owners/", views.board_owners, name="board_owners"),
    path("initiatives/<str:key>/", views.initiative, name="initiative"),
    path("initiatives/<str:key>/request-review", views.request_review, name="request_review"),
    path("initiatives/<str:key>/withdraw-review", views.withdraw_review, name="withdraw_review"),
    path("initiatives/<str:key>/hold", views.hold, name="hold"),
    path("initiatives/<str:key>/resume", views.resume, name="resume"),
    path("initiatives/<str:key>/stop", views.stop, name="stop"),
    path("initiatives/<str:key>/retire", views.retire, name="retire"),
    path("initiatives/<str:key>/risk-tier/propose", views.propose_risk_tier, name="propose_risk_tier"),
    path("initiatives/<str:key>/risk-tier/decide", views.decide_risk_tier, name="decide_risk_tier"),
    path("initiatives/<str:key>/extend", views.extend_phase, name="extend_phase"),
    path("initiatives/<str:key>/roi", views.record_roi, name="record_roi"),
    path("initiatives/<str:key>/realised", views.record_realised, name="record_realised"),
    path("initiatives/<str:key>/spend", views.record_spend, name="record_spend"),
    path("initiatives/<str:key>/edit", views.edit_initiative, name="edit_initiative"),
    path("initiatives/<str:key>/options", views.score_option, name="score_option"),
    path("initiatives/<str:key>/options/choose", views.choose_option, name="choose_option"),
    path("inbox/", views.inbox, name="inbox"),
    path("reviews/<int:review_id>/", views.review, name="review"),
    path("reviews/<int:review_id>/sign", views.sign, name="sign"),
    path("compliance/", views.compliance, name="compliance"),
    path("compliance/<int:pk>/", views.compliance_review, name="compliance_review"),
    path("compliance/<int:pk>/complete", views.compliance_review_complete, name="compliance_review_complete"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/read", views.notification_read, name="notification_read"),
    path("notifications/read-all", views.notifications_read_all, name="notifications_read_all"),
    path("audit/", views.audit, name="audit"),
    path("roles/", views.roles, name="roles"),
    path("roles/grant", views.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke", views.role_revoke, name="role_revoke"),
]
