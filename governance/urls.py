"""Pages of the governance app, and the portfolio pages that bring both apps together."""

from django.urls import path

from governance.views import (
    account,
    audit,
    board,
    compliance,
    initiative,
    notifications,
    reviews,
    roles,
    security,
    tokens,
)

app_name = "governance"
urlpatterns = [
    path("", board.board, name="board"),
    path("language", account.language, name="language"),
    path("portfolio.csv", board.board_csv, name="board_csv"),
    path("portfolio/owners/", board.board_owners, name="board_owners"),
    path("initiatives/<str:key>/", initiative.initiative, name="initiative"),
    *initiative.action_urls(),
    path("inbox/", reviews.inbox, name="inbox"),
    path("reviews/<int:review_id>/", reviews.review, name="review"),
    path("reviews/<int:review_id>/sign", reviews.sign, name="sign"),
    path("compliance/", compliance.compliance, name="compliance"),
    path("compliance/<int:pk>/", compliance.compliance_review, name="compliance_review"),
    path("compliance/<int:pk>/complete", compliance.compliance_review_complete, name="compliance_review_complete"),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/<int:pk>/read", notifications.notification_read, name="notification_read"),
    path("notifications/read-all", notifications.notifications_read_all, name="notifications_read_all"),
    path("audit/", audit.audit, name="audit"),
    path("roles/", roles.roles, name="roles"),
    path("roles/grant", roles.role_grant, name="role_grant"),
    path("roles/<int:pk>/revoke", roles.role_revoke, name="role_revoke"),
    path("roles/requests/<int:pk>/decide", roles.role_grant_decide, name="role_grant_decide"),
    path("security/sign-ins/", security.signins, name="signins"),
    path("security/sign-ins/unlock", security.unlock, name="signin_unlock"),
    path("account/tokens/", tokens.tokens, name="tokens"),
    path("account/tokens/create", tokens.token_create, name="token_create"),
    path("account/tokens/<int:pk>/revoke", tokens.token_revoke, name="token_revoke"),
]
