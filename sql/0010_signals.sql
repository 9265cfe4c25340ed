-- 0010_signals: 失联排查 also counts attending organisational life and paying
-- dues as being in touch (svc/lapse.c reads MAX(on_date) per member).
-- 'attendance': a counted record (submitted or approved) the member attended,
-- at home or as a guest (流动党员 at the host branch); 'dues': the first day of
-- a month the member has paid for.
DROP VIEW member_signals;
CREATE VIEW member_signals AS
    SELECT member_id, contacted_on AS on_date, 'contact' AS signal FROM member_contacts
    UNION ALL
    SELECT member_id, done_on, 'found' FROM lapse_searches WHERE found = 1
    UNION ALL
    SELECT f.member_id, r.reviewed_on, 'flow_review'
      FROM flow_reviews r JOIN flows f ON f.id = r.flow_id WHERE f.member_id IS NOT NULL
    UNION ALL
    SELECT member_id, received_on, 'transfer' FROM transfers
     WHERE member_id IS NOT NULL AND received_on IS NOT NULL
    UNION ALL
    SELECT a.member_id, m.held_on, 'attendance'
      FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id
     WHERE a.member_id IS NOT NULL AND a.state IN ('present', 'guest')
       AND m.status IN ('submitted', 'approved')
    UNION ALL
    SELECT member_id, month || '-01', 'dues' FROM dues_payment_months;
