"""A lead's screens: the approvals queue, the audit trail, the badge on the dashboard."""
