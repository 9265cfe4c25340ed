/* records.c - registers every record descriptor (see records.h). */
#include "base/compat.h"
#include "model/records.h"

#include "model/desc.h"
#include "model/dev_rec.h"
#include "model/member_rec.h"
#include "model/org_rec.h"

void dj_model_register_all(void)
{
    /* One line per record type, in the order GET /api/meta lists them. */
    dj_desc_register(&dj_org_desc);
    dj_desc_register(&dj_org_post_desc);
    dj_desc_register(&dj_member_desc);
    dj_desc_register(&dj_dev_applicant_desc);
}
