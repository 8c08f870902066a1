#!/usr/bin/env python3
"""expect.py JSON KIND WHAT ID ROLES - asserts that the diff JSON holds a
change of that kind, what and id whose roles are exactly ROLES (ids joined
by commas, "-" for none); prints what it found when not."""
import json
import sys

doc = json.load(open(sys.argv[1], encoding='utf-8'))
kind, what, cid, roles = sys.argv[2:6]
want = [] if roles == '-' else roles.split(',')
hits = [c for c in doc['changes'] if c['kind'] == kind and c['what'] == what and c['id'] == cid]
if len(hits) != 1:
    sys.exit('want one %s %s %s, got: %s' % (kind, what, cid,
             [(c['kind'], c['what'], c['id']) for c in doc['changes']]))
if sorted(hits[0]['roles']) != sorted(want):
    sys.exit('roles: want %s, got %s' % (sorted(want), sorted(hits[0]['roles'])))
for key in ('id', 'kind', 'chapter', 'title', 'roles', 'old', 'new'):
    if key not in hits[0]:
        sys.exit('no field %s' % key)
