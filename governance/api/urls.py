"""URLs of the governance API (v1): auth, people and roles, gate reviews, lifecycle, risk tier, compliance,
notifications and the audit log."""

from django.urls import path

from core.api.actions import action_paths
from governance.api import views

initiative = "initiatives/<str:key>/"

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/tokens/", views.TokenListView.as_view(), name="auth-token-list"),
    path("auth/tokens/<str:token_id>/", views.TokenDetailView.as_view(), name="auth-token-detail"),
    path("security/sign-in-attempts/", views.SignInFailureListView.as_view(), name="signin-failure-list"),
    path("security/unlock/", views.UnlockView.as_view(), name="signin-unlock"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/me/", views.MeView.as_view(), name="user-me"),
    path("role-assignments/", views.RoleAssignmentListView.as_view(), name="role-assignment-list"),
    path(
        "role-assignments/<str:assignment_id>/",
        views.RoleAssignmentDetailView.as_view(),
        name="role-assignment-detail",
    ),
    path("role-grant-requests/", views.RoleGrantRequestListView.as_view(), name="role-grant-request-list"),
    path(initiative + "actions/", views.InitiativeActionsView.as_view(), name="initiative-actions"),
    path(initiative + "gate-reviews/", views.InitiativeGateReviewsView.as_view(), name="initiative-gate-reviews"),
    path(
        initiative + "risk-tier-changes/",
        views.InitiativeRiskTierChangesView.as_view(),
        name="initiative-risk-tier-changes",
    ),
    path("gate-reviews/", views.GateReviewListView.as_view(), name="gate-review-list"),
    path("gate-reviews/<str:review_id>/", views.GateReviewDetailView.as_view(), name="gate-review-detail"),
    path("risk-tier-changes/", views.RiskTierChangeListView.as_view(), name="risk-tier-change-list"),
    path(
        "risk-tier-changes/<str:change_id>/", views.RiskTierChangeDetailView.as_view(), name="risk-tier-change-detail"
    ),
    path("compliance-reviews/", views.ComplianceReviewListView.as_view(), name="compliance-review-list"),
    path(
        "compliance-reviews/<str:review_id>/",
        views.ComplianceReviewDetailView.as_view(),
        name="compliance-review-detail",
    ),
    path("notifications/", views.NotificationListView.as_view(), name="notification-list"),
    path("notifications/read-all/", views.NotificationReadAllView.as_view(), name="notification-read-all"),
    path("notifications/<str:notification_id>/read/", views.NotificationReadView.as_view(), name="notification-read"),
    path("audit-events/", views.AuditEventListView.as_view(), name="audit-event-list"),
    *action_paths(views.ACTIONS),
]
