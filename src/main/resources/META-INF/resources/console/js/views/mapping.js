// Attribute-mapping fields of a task's directory, and presets for common LDAP servers.
export const MAPPING_FIELDS = [
  { key: 'idAttribute', label: 'Id attribute', hint: 'stable, unique (AD: objectGUID; LDAP: entryUUID)' },
  { key: 'usernameAttribute', label: 'Username attribute', hint: 'AD: sAMAccountName; LDAP: uid' },
  { key: 'principalNameAttribute', label: 'Principal name attribute', hint: 'AD: userPrincipalName' },
  { key: 'displayNameAttribute', label: 'Display name attribute', hint: 'AD: displayName; LDAP: cn' },
  { key: 'emailAttribute', label: 'Email attribute' },
  { key: 'phoneAttribute', label: 'Phone attribute' },
  { key: 'officeAttribute', label: 'Office attribute' },
  { key: 'jobTitleAttribute', label: 'Job title attribute' },
  { key: 'departmentAttribute', label: 'Department attribute' },
  { key: 'descriptionAttribute', label: 'Description attribute' },
  { key: 'sidAttribute', label: 'SID attribute', hint: 'AD: objectSid; none on LDAP' },
  { key: 'membershipStyle', label: 'Group membership', hint: 'LDAP: how groups name their members', options: ['MEMBER', 'UNIQUE_MEMBER', 'MEMBER_UID'] },
  { key: 'extraAttributes', label: 'Extra attributes', hint: 'comma-separated, copied into the users\' raw attributes', list: true },
  { key: 'userFilter', label: 'User filter', filter: true, placeholder: 'e.g. (objectClass=inetOrgPerson)' },
  { key: 'groupFilter', label: 'Group filter', filter: true, placeholder: 'e.g. (objectClass=groupOfNames)' },
  { key: 'containerFilter', label: 'Container filter', filter: true, hint: 'containers mirrored as user groups', placeholder: 'e.g. (objectClass=organizationalUnit)' },
];

export const MAPPING_PRESETS = {
  openldap: {
    label: 'OpenLDAP (inetOrgPerson, groupOfNames)',
    mapping: {
      idAttribute: 'entryUUID', usernameAttribute: 'uid', displayNameAttribute: 'cn', emailAttribute: 'mail',
      phoneAttribute: 'telephoneNumber', officeAttribute: 'roomNumber', jobTitleAttribute: 'title', departmentAttribute: 'departmentNumber',
      descriptionAttribute: 'description', membershipStyle: 'MEMBER',
      userFilter: '(objectClass=inetOrgPerson)', groupFilter: '(objectClass=groupOfNames)',
      containerFilter: '(|(objectClass=organizationalUnit)(objectClass=organization)(objectClass=domain))',
    },
  },
  '389ds': {
    label: '389 Directory Server (nsUniqueId, groupOfUniqueNames)',
    mapping: {
      idAttribute: 'nsUniqueId', usernameAttribute: 'uid', displayNameAttribute: 'cn', emailAttribute: 'mail',
      phoneAttribute: 'telephoneNumber', officeAttribute: 'roomNumber', jobTitleAttribute: 'title', departmentAttribute: 'departmentNumber',
      descriptionAttribute: 'description', membershipStyle: 'UNIQUE_MEMBER',
      userFilter: '(objectClass=inetOrgPerson)', groupFilter: '(objectClass=groupOfUniqueNames)',
      containerFilter: '(objectClass=organizationalUnit)',
    },
  },
  freeipa: {
    label: 'FreeIPA (ipaUniqueID, ipausergroup)',
    mapping: {
      idAttribute: 'ipaUniqueID', usernameAttribute: 'uid', displayNameAttribute: 'displayName', emailAttribute: 'mail',
      phoneAttribute: 'telephoneNumber', jobTitleAttribute: 'title', departmentAttribute: 'departmentNumber',
      descriptionAttribute: 'description', membershipStyle: 'MEMBER',
      userFilter: '(objectClass=inetOrgPerson)', groupFilter: '(objectClass=ipausergroup)',
      containerFilter: '(|(objectClass=nsContainer)(objectClass=organizationalUnit))',
    },
  },
  rfc2307: {
    label: 'RFC 2307 / NIS (posixAccount, posixGroup with memberUid)',
    mapping: {
      idAttribute: 'entryUUID', usernameAttribute: 'uid', displayNameAttribute: 'cn', emailAttribute: 'mail',
      descriptionAttribute: 'description', membershipStyle: 'MEMBER_UID',
      userFilter: '(objectClass=posixAccount)', groupFilter: '(objectClass=posixGroup)',
      containerFilter: '(objectClass=organizationalUnit)',
    },
  },
};
