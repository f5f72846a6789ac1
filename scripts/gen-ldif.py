#!/usr/bin/env python3
"""Deterministic OpenLDAP LDIF for the benchmark: N inetOrgPerson users under ou=people, G groupOfNames
under ou=groups, each user in 1-5 groups (about 3 on average), a quarter of the groups nested in a tree.
Groups come child-first so every member exists when slapadd or ldapadd meets it. Entries carry the
memberOf values slapd's memberof overlay would keep (slapadd bypasses overlays). --big-group adds one
group holding every user; --photos gives every tenth user a jpegPhoto of 4-12 KB.
usage: gen-ldif.py USERS GROUPS [BASE] [--big-group] [--photos] > data.ldif"""
import base64
import random
import sys

args = [a for a in sys.argv[1:] if a not in ("--big-group", "--photos")]
big_group = "--big-group" in sys.argv[1:]
photos = "--photos" in sys.argv[1:]
users, groups = int(args[0]), int(args[1])
base = args[2] if len(args) > 2 else "ou=bench,dc=example,dc=org"
rnd = random.Random(4533)
w = sys.stdout.write
w(f"dn: {base}\nobjectClass: organizationalUnit\nou: {base.split(',')[0][3:]}\n\n")
for ou in ("people", "groups"):
    w(f"dn: ou={ou},{base}\nobjectClass: organizationalUnit\nou: {ou}\n\n")
first = ["Ada", "Bob", "Carol", "Dave", "Eve", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Ján", "Zoë", "Łukasz", "Søren"]
last = ["Smith", "Jones", "Garcia", "Miller", "Davis", "Novák", "Müller", "Wilson", "Ståhl", "Moore"]
gdn = lambda g: f"cn=group{g:05d},ou=groups,{base}"
everyone = f"cn=everyone,ou=groups,{base}"
members = [[] for _ in range(groups)]


def photo(i):
    """A JPEG-signed blob, different for each user, as base64 on one line."""
    size = 4096 + (i * 7919) % 8192
    body = bytes((i + k * 31) & 0xFF for k in range(size - 4))
    return base64.b64encode(b"\xff\xd8\xff\xe0" + body).decode()



for i in range(users):
    udn = f"uid=user{i:06d},ou=people,{base}"
    of = rnd.sample(range(groups), k=rnd.randint(1, 5))
    for g in of:
        members[g].append(udn)
    gn, sn = first[i % len(first)], last[(i // len(first)) % len(last)]
    w(f"dn: {udn}\nobjectClass: inetOrgPerson\nuid: user{i:06d}\ncn: {gn} {sn} {i}\nsn: {sn}\ngivenName: {gn}\n"
      f"displayName: {gn} {sn}\nmail: user{i:06d}@example.org\ntelephoneNumber: +1 555 {i:07d}\ntitle: Engineer {i % 7}\n"
      f"departmentNumber: D{i % 40}\n" + "".join(f"memberOf: {gdn(g)}\n" for g in of)
      + (f"memberOf: {everyone}\n" if big_group else "")
      + (f"jpegPhoto:: {photo(i)}\n" if photos and i % 10 == 0 else "") + "\n")
nest = groups // 4
for g in range(1, nest + 1):
    members[(g - 1) // 5].append(gdn(g))
for g in reversed(range(groups)):
    w(f"dn: {gdn(g)}\nobjectClass: groupOfNames\ncn: group{g:05d}\ndescription: bench group {g}\n")
    if 1 <= g <= nest:
        w(f"memberOf: {gdn((g - 1) // 5)}\n")
    for m in members[g] or [f"cn=sync,ou=system,dc=example,dc=org"]:
        w(f"member: {m}\n")
    w("\n")
if big_group:
    w(f"dn: {everyone}\nobjectClass: groupOfNames\ncn: everyone\ndescription: every user\n")
    for i in range(users):
        w(f"member: uid=user{i:06d},ou=people,{base}\n")
    w("\n")
