"""URLs of the governance API (v1): auth, people and roles, gate reviews, lifecycle, risk tier, compliance,
notifications and the audit log."""

from core.api.endpoints import action_paths, api_paths
from governance.api import compliance, delegations, integrations, receipts, views

initiative = "initiatives/<str:key>/"

ROUTES = (
    ("auth/token/", views.TokenView, "auth-token"),
    ("auth/tokens/", views.TokenListView, "auth-token-list"),
    ("auth/tokens/<str:token_id>/", views.TokenDetailView, "auth-token-detail"),
    ("security/sign-in-attempts/", views.SignInFailureListView, "signin-failure-list"),
    ("security/unlock/", views.UnlockView, "signin-unlock"),
    ("users/", views.UserListView, "user-list"),
    ("users/me/", views.MeView, "user-me"),
    ("role-assignments/", views.RoleAssignmentListView, "role-assignment-list"),
    ("role-assignments/<str:assignment_id>/", views.RoleAssignmentDetailView, "role-assignment-detail"),
    ("role-grant-requests/", views.RoleGrantRequestListView, "role-grant-request-list"),
    ("gate-reviews/", views.GateReviewListView, "gate-review-list"),
    ("gate-reviews/<str:review_id>/", views.GateReviewDetailView, "gate-review-detail"),
    ("risk-tier-changes/", views.RiskTierChangeListView, "risk-tier-change-list"),
    ("risk-tier-changes/<str:change_id>/", views.RiskTierChangeDetailView, "risk-tier-change-detail"),
    ("compliance-reviews/", views.ComplianceReviewListView, "compliance-review-list"),
    ("compliance-reviews/<str:review_id>/", views.ComplianceReviewDetailView, "compliance-review-detail"),
    ("notifications/", views.NotificationListView, "notification-list"),
    ("notifications/read-all/", views.NotificationReadAllView, "notification-read-all"),
    ("notifications/<str:notification_id>/read/", views.NotificationReadView, "notification-read"),
    ("audit-events/", views.AuditEventListView, "audit-event-list"),
    (initiative + "actions/", views.InitiativeActionsView, "initiative-actions"),
    (initiative + "gate-reviews/", views.InitiativeGateReviewsView, "initiative-gate-reviews"),
    (initiative + "risk-tier-changes/", views.InitiativeRiskTierChangesView, "initiative-risk-tier-changes"),
)

urlpatterns = [
    *api_paths(ROUTES),
    *api_paths(integrations.ROUTES),
    *api_paths(receipts.ROUTES),
    *api_paths(compliance.ROUTES),
    *api_paths(delegations.ROUTES),
    *action_paths(views.ACTIONS),
    *action_paths(compliance.ACTIONS),
]
