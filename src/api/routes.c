/* routes.c - every API route table; a new area adds its table here. */
#include "base/compat.h"
#include "api/api.h"

/* clang-format off */
const struct dj_route *const dj_api_routes[] = {
    dj_api_auth_routes,
    dj_api_users_routes,
    dj_api_audit_routes,
    dj_api_meta_routes,
    dj_api_orgstats_routes,
    dj_api_org_routes,
    dj_api_rules_routes,
    dj_api_member_routes,
    dj_api_remind_routes,
    dj_api_term_routes,
    dj_api_transfer_routes,
    dj_api_dev_routes,
    dj_api_dues_routes,
    dj_api_meeting_routes,
    dj_api_import_routes,
    NULL,
};
/* clang-format on */
