"""Who may manage calls: office staff of the local government (reuses `tenants.view_office`)."""

import rules

from pozytek.accounts.permissions import is_tenant_staff

rules.add_perm("competitions.manage_calls", is_tenant_staff)
