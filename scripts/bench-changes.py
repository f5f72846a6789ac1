#!/usr/bin/env python3
"""LDIF that changes 100 entries of the benchmark directory made by gen-ldif.py: 60 users modified,
10 renamed (refint rewrites their groups' member values), 10 deleted (refint drops them from their
groups), 10 added, and 10 groups that each gain one new and one existing user.
usage: bench-changes.py USERS GROUPS [BASE] [ROUND] > changes.ldif   (rounds 0, 1, ... change disjoint users)"""
import random
import sys

users, groups = int(sys.argv[1]), int(sys.argv[2])
base = sys.argv[3] if len(sys.argv) > 3 else "ou=bench,dc=example,dc=org"
round_ = int(sys.argv[4]) if len(sys.argv) > 4 else 0
rnd = random.Random(7)
# each round changes users no earlier round touched (a deleted or renamed DN cannot be modified again)
touched = set()
for _ in range(round_ + 1):
    picked = rnd.sample(sorted(set(range(users)) - touched), 90)
    touched.update(picked)
modified, renamed, deleted, regrouped = picked[:60], picked[60:70], picked[70:80], picked[80:90]
w = sys.stdout.write
udn = lambda i: f"uid=user{i:06d},ou=people,{base}"
gdn = lambda g: f"cn=group{g:05d},ou=groups,{base}"
for i in modified:
    w(f"dn: {udn(i)}\nchangetype: modify\nreplace: title\ntitle: Changed {i}\n-\nreplace: description\ndescription: bench change\n\n")
for i in renamed:
    w(f"dn: {udn(i)}\nchangetype: modrdn\nnewrdn: uid=user{i:06d}r\ndeleteoldrdn: 1\n\n")
for i in deleted:
    w(f"dn: {udn(i)}\nchangetype: delete\n\n")
for k, g in enumerate(rnd.sample(range(groups), 10)):
    n = users + 10 * round_ + k
    w(f"dn: {udn(n)}\nchangetype: add\nobjectClass: inetOrgPerson\nuid: user{n:06d}\ncn: New User {n}\nsn: User\n"
      f"mail: user{n:06d}@example.org\n\n")
    w(f"dn: {gdn(g)}\nchangetype: modify\nadd: member\nmember: {udn(n)}\n-\nadd: member\nmember: {udn(regrouped[k])}\n\n")
