"""Pages that bring both apps together, a module per page: the portfolio board and its CSV export, the initiative
page with its actions, the sign-off inbox and review page, compliance reviews, notifications, the audit log and
role assignments. Views call selectors and services only; what a person cannot do is not offered
(``governance.actions``).
"""
