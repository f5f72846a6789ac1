package io.usersync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PGobject;

/**
 * A store last migrated at V12, as installations of that time have it, migrated to the latest version:
 * every row keeps its id and every value of the columns V12 had, and V20 tells who disabled each user
 * from what V12 stored. Plain JDBC and Flyway, no application: the store is built row by row, as no
 * current code can write a V12 one.
 */
class MigrationFromV12Test {
    // the same database and user as the Quarkus tests' %test profile
    private static final String URL = "jdbc:postgresql://127.0.0.1:5432/" + env("USERSYNC_TEST_DB_NAME", "test");
    private static final String DB_USER = env("USERSYNC_TEST_DB_USER", "postgres");
    // the Quarkus tests clean usersync_test at start, and another build may use the same database
    private static final String SCHEMA =
            "migration_v12_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static final UUID ROOT = UUID.fromString("00000000-0000-0000-0000-000000000001");
    private static final UUID STAFF = UUID.fromString("10000000-0000-0000-0000-000000000001");
    private static final UUID PEOPLE_OU = UUID.fromString("10000000-0000-0000-0000-000000000002");
    private static final UUID ENGINEERS = UUID.fromString("10000000-0000-0000-0000-000000000003");
    private static final UUID AD_TASK = UUID.fromString("20000000-0000-0000-0000-000000000001");
    private static final UUID LDAP_TASK = UUID.fromString("20000000-0000-0000-0000-000000000002");
    private static final UUID ALICE = UUID.fromString("30000000-0000-0000-0000-000000000001");
    private static final UUID BOB = UUID.fromString("30000000-0000-0000-0000-000000000002");
    private static final UUID CAROL = UUID.fromString("30000000-0000-0000-0000-000000000003");
    private static final UUID DAVE = UUID.fromString("30000000-0000-0000-0000-000000000004");
    private static final UUID ERIN = UUID.fromString("30000000-0000-0000-0000-000000000005");
    private static final UUID FRANK = UUID.fromString("30000000-0000-0000-0000-000000000006");
    private static final UUID GINA = UUID.fromString("30000000-0000-0000-0000-000000000007");
    private static final UUID RUN = UUID.fromString("40000000-0000-0000-0000-000000000001");
    private static final UUID FAILED_RUN = UUID.fromString("40000000-0000-0000-0000-000000000002");
    private static final UUID TOKEN = UUID.fromString("50000000-0000-0000-0000-000000000001");

    private static final String INVOCATION_ID = "5D1E2C3B-AAAA-4BBB-8CCC-0123456789AB";
    private static final Instant CAROL_DISABLED_AT = Instant.parse("2024-03-01T10:00:00Z");
    private static final Instant FRANK_LAST_WRITTEN_AT = Instant.parse("2024-02-10T08:30:00Z");

    /** Table name to the columns it had at V12, in order. */
    private static Map<String, List<String>> v12Columns;
    /** Table name to its rows at V12, in the order of all their columns. */
    private static Map<String, List<List<Object>>> v12Rows;

    @BeforeAll
    static void migrateAV12StoreWithData() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, DB_USER, "");
                Statement s = c.createStatement()) {
            s.execute("create schema " + SCHEMA);
        }
        flyway().target("12").load().migrate();
        try (Connection c = connect()) {
            insertV12Data(c);
            v12Columns = columnsOfTables(c);
            v12Rows = rowsOf(c, v12Columns);
        }
        Flyway latest = flyway().load();
        latest.migrate();
        assertEquals(0, latest.info().pending().length);
        MigrationInfo current = latest.info().current();
        assertTrue(current.getVersion().isAtLeast("20"), "migrated to " + current.getVersion());
    }

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, DB_USER, "");
                Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    @Test
    void everyRowKeepsItsIdAndTheValuesOfTheColumnsV12Had() throws SQLException {
        // a snapshot compared with itself would pass on an empty store: every table holds what was inserted
        assertEquals(
                Map.of(
                        "api_token", 1,
                        "app_user", 7,
                        "audit_event", 1,
                        "group_group_member", 1,
                        "group_user_member", 5,
                        "sync_run", 2,
                        "sync_run_change", 2,
                        "sync_task", 2,
                        "sync_watermark", 1,
                        "user_group", 4),
                v12Rows.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey, e -> e.getValue().size())));
        try (Connection c = connect()) {
            Map<String, List<List<Object>>> now = rowsOf(c, v12Columns);
            for (String table : v12Columns.keySet()) {
                assertEquals(v12Rows.get(table), now.get(table), table + " " + v12Columns.get(table));
            }
        }
    }

    @Test
    void customAttributesMembershipsAndRunHistoryAreThoseOfV12() throws SQLException {
        // spelled out, so that a change both snapshots share (a column read wrongly) cannot hide one
        try (Connection c = connect()) {
            assertEquals(
                    List.of(
                            List.of("alice", "{\"badge\": 42, \"costCenter\": \"CC-7\"}"),
                            List.of("bob", "{}"),
                            List.of("carol", "{\"keepUntil\": \"2025-12-31\"}"),
                            List.of("dave", "{\"contract\": \"external\"}"),
                            List.of("erin", "{}"),
                            List.of("frank", "{\"desk\": \"B-12\"}"),
                            List.of("gina", "{}")),
                    rows(c, "select username, custom_attributes::text from app_user order by username"));
            assertEquals(
                    List.of(
                            List.of("Engineers", "alice"),
                            List.of("Engineers", "bob"),
                            List.of("Staff", "alice"),
                            List.of("Staff", "dave"),
                            List.of("Staff", "erin")),
                    rows(c, """
                            select g.name, u.username from group_user_member m
                            join user_group g on g.id = m.group_id join app_user u on u.id = m.user_id
                            order by 1, 2"""));
            assertEquals(List.of(List.of("Staff", "Engineers")), rows(c, """
                            select g.name, m.name from group_group_member x
                            join user_group g on g.id = x.group_id join user_group m on m.id = x.member_group_id"""));
            assertEquals(
                    List.of(
                            Arrays.asList("DISABLED", "USER", "carol-guid", null, "no longer in the directory scope"),
                            Arrays.asList("UPDATED", "USER", "alice-guid", List.of("email", "department"), null)),
                    rows(
                            c,
                            "select action, object_type, external_id, changed_fields, reason from sync_run_change"
                                    + " where run_id = '%s' order by id".formatted(RUN)));
            assertEquals(
                    List.of(List.of("SUCCEEDED", "INCREMENTAL", "FULL", "the scope changed", 1)),
                    rows(
                            c,
                            "select status, mode, executed_mode, mode_reason, would_remove from sync_run where id = '%s'"
                                    .formatted(RUN)));
        }
    }

    @Test
    void theWatermarkIsKeptUnderItsDomainController() throws SQLException {
        try (Connection c = connect()) {
            // V18 keys it by the DC: AD's invocationId, lower-cased; V13 and V19 add nothing to an old one
            assertEquals(
                    List.of(Arrays.asList(
                            AD_TASK,
                            INVOCATION_ID.toLowerCase(),
                            "AD_USN",
                            "dc1.corp.example",
                            "987654",
                            "scope-1",
                            6L,
                            null,
                            null)),
                    rows(c, """
                            select task_id, dc_key, feed, server, value, scope_hash, objects, memberships, seen
                            from sync_watermark"""));
        }
    }

    @Test
    void v20TellsWhoDisabledEachUser() throws SQLException {
        try (Connection c = connect()) {
            Map<String, List<Object>> byUser = new LinkedHashMap<>();
            for (List<Object> r : rows(c, """
                    select username, enabled, disabled_by, directory_enabled,
                           case when left_scope_at is not null then left_scope_at > now() - interval '1 hour' end
                    from app_user order by username""")) {
                byUser.put((String) r.get(0), r.subList(1, r.size()));
            }
            assertEquals(
                    Map.of(
                            // synced and enabled: the directory says so, nobody disabled it
                            "alice", Arrays.asList(true, null, true, null),
                            // synced, disabled, found by the last run: its directory disabled it
                            "bob", Arrays.asList(false, "DIRECTORY", false, null),
                            // synced, disabled as gone (DISABLE cleared its hash): the extinction policy; when it
                            // left is not known, so its clock starts at the upgrade
                            "carol", Arrays.asList(false, "EXTINCTION", null, true),
                            // made by hand: only a person can have disabled one
                            "dave", Arrays.asList(true, null, null, null),
                            "erin", Arrays.asList(false, "ADMIN", null, null),
                            // kept as gone under SKIP (hash cleared, still enabled): out of scope, not disabled
                            "frank", Arrays.asList(true, null, true, true),
                            // kept as gone under SKIP while its directory had it disabled: SKIP disables nobody
                            "gina", Arrays.asList(false, "DIRECTORY", false, true)),
                    byUser);
        }
    }

    @Test
    void nothingIsATombstoneAndNoTaskRemovesLater() throws SQLException {
        try (Connection c = connect()) {
            assertEquals(List.of(List.of(0L, 7L)), rows(c, """
                            select count(*) filter (where removed_at is not null or removed_by_run_id is not null
                                                    or removed_by is not null or purged_at is not null),
                                   count(*)
                            from app_user"""));
            assertEquals(List.of(List.of(0L, 4L)), rows(c, """
                            select count(*) filter (where removed_at is not null or removed_by_run_id is not null
                                                    or removed_by is not null or purged_at is not null),
                                   count(*)
                            from user_group"""));
            assertEquals(
                    List.of(Arrays.asList("DISABLE", null), Arrays.asList("SKIP", null)),
                    rows(c, "select user_extinction_handling, remove_after_days from sync_task order by name"));
        }
    }

    @Test
    void aRemovedGroupGivesUpItsNameButTwoLiveSiblingsStillCannotShareOne() throws SQLException {
        inRolledBackTransaction(c -> {
            exec(c, "update user_group set removed_at = now() where id = ?", STAFF);
            insertManualGroup(c, UUID.randomUUID(), ROOT, "staff");
            SQLException duplicate =
                    assertThrows(SQLException.class, () -> insertManualGroup(c, UUID.randomUUID(), ROOT, "STAFF"));
            assertEquals("23505", duplicate.getSQLState(), duplicate.getMessage());
            assertTrue(duplicate.getMessage().contains("user_group_sibling_name"), duplicate.getMessage());
        });
    }

    @Test
    void aTaskMayDisableThenRemoveAndARunMaySyncOneObject() throws SQLException {
        inRolledBackTransaction(c -> {
            assertEquals(
                    1,
                    exec(
                            c,
                            "update sync_task set user_extinction_handling = 'DISABLE_THEN_REMOVE',"
                                    + " remove_after_days = 30 where id = ?",
                            AD_TASK));
            exec(
                    c,
                    "insert into sync_run (id, task_id, status, trigger, mode, executed_mode)"
                            + " values (?, ?, 'QUEUED', 'MANUAL', 'OBJECT', 'OBJECT')",
                    UUID.randomUUID(),
                    AD_TASK);
            // the checks were widened, not dropped
            assertRefused(
                    c, "23514", "update sync_task set user_extinction_handling = 'ARCHIVE' where id = ?", AD_TASK);
            assertRefused(
                    c,
                    "23514",
                    "insert into sync_run (id, task_id, status, trigger, mode) values (?, ?, 'QUEUED', 'MANUAL', 'PARTIAL')",
                    UUID.randomUUID(),
                    AD_TASK);
        });
    }

    private static void insertV12Data(Connection c) throws SQLException {
        insertManualGroup(c, STAFF, ROOT, "Staff");
        exec(c, """
                insert into sync_task (id, name, description, directory_type, host, port, security, login,
                    password_ciphertext, trusted_certificates_pem, mapping, target_group_id, base_dns, excluded_dns,
                    skip_disabled_users, collision_handling, user_extinction_handling, group_extinction_handling,
                    delete_max_count, delete_max_percent, schedule, tags, version, schedule_checked_until,
                    created_at, updated_at)
                values (?, 'corp-ad', 'Active Directory of corp', 'ACTIVE_DIRECTORY', 'dc1.corp.example', 636, 'LDAPS',
                    'CN=svc-usersync,OU=Service,DC=corp,DC=example', ?,
                    '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----', '{"usernameAttribute": "sAMAccountName"}',
                    ?, array['OU=People,DC=corp,DC=example'], array['OU=Disabled,OU=People,DC=corp,DC=example'],
                    false, 'OVERWRITE', 'DISABLE', 'REMOVE', 50, 10, '{"cron": "0 */15 * * * ?"}', array['prod', 'ad'],
                    7, '2024-03-01 10:15:00+00', '2023-11-02 09:00:00+00', '2024-01-15 16:20:00+00')""", AD_TASK, ciphertext(1), STAFF);
        exec(c, """
                insert into sync_task (id, name, directory_type, host, port, security, login, password_ciphertext,
                    target_group_id, base_dns, skip_disabled_users, collision_handling, user_extinction_handling,
                    group_extinction_handling, created_at, updated_at)
                values (?, 'hr-ldap', 'LDAP', 'ldap.hr.example', 389, 'STARTTLS', 'cn=reader,dc=hr,dc=example', ?,
                    ?, array['ou=people,dc=hr,dc=example'], true, 'SKIP', 'SKIP', 'SKIP',
                    '2023-12-01 12:00:00+00', '2023-12-01 12:00:00+00')""", LDAP_TASK, ciphertext(2), STAFF);
        insertSyncedGroup(
                c, PEOPLE_OU, STAFF, "People", "CONTAINER", "people-guid", "OU=People,DC=corp,DC=example", null);
        insertSyncedGroup(
                c,
                ENGINEERS,
                PEOPLE_OU,
                "Engineers",
                "DIRECTORY_GROUP",
                "engineers-guid",
                "CN=Engineers,OU=People,DC=corp,DC=example",
                "S-1-5-21-1004336348-1177238915-682003330-1105");

        insertUser(
                c,
                ALICE,
                AD_TASK,
                PEOPLE_OU,
                "alice",
                true,
                "h-alice",
                "{\"employeeId\": \"1001\", \"manager\": \"CN=Erin,OU=People,DC=corp,DC=example\"}",
                "{\"costCenter\": \"CC-7\", \"badge\": 42}",
                Instant.parse("2024-02-20T07:00:00Z"));
        insertUser(
                c,
                BOB,
                AD_TASK,
                PEOPLE_OU,
                "bob",
                false,
                "h-bob",
                "{\"employeeId\": \"1002\"}",
                "{}",
                Instant.parse("2024-02-21T07:00:00Z"));
        // what V12's gone-users-disable left: disabled, hash cleared, updated_at the run's
        insertUser(
                c,
                CAROL,
                AD_TASK,
                PEOPLE_OU,
                "carol",
                false,
                null,
                "{\"employeeId\": \"1003\"}",
                "{\"keepUntil\": \"2025-12-31\"}",
                CAROL_DISABLED_AT);
        insertUser(
                c,
                DAVE,
                null,
                STAFF,
                "dave",
                true,
                null,
                "{}",
                "{\"contract\": \"external\"}",
                Instant.parse("2024-01-05T12:00:00Z"));
        insertUser(c, ERIN, null, STAFF, "erin", false, null, "{}", "{}", Instant.parse("2024-01-06T12:00:00Z"));
        // what V12's gone-users-keep (SKIP) left: hash cleared, nothing else written
        insertUser(
                c,
                GINA,
                LDAP_TASK,
                STAFF,
                "gina",
                false,
                null,
                "{\"uidNumber\": \"5002\"}",
                "{}",
                FRANK_LAST_WRITTEN_AT);
        insertUser(
                c,
                FRANK,
                LDAP_TASK,
                STAFF,
                "frank",
                true,
                null,
                "{\"uidNumber\": \"5001\"}",
                "{\"desk\": \"B-12\"}",
                FRANK_LAST_WRITTEN_AT);

        exec(
                c,
                "insert into group_user_member (group_id, user_id) values (?, ?), (?, ?), (?, ?), (?, ?), (?, ?)",
                ENGINEERS,
                ALICE,
                ENGINEERS,
                BOB,
                STAFF,
                ALICE,
                STAFF,
                DAVE,
                STAFF,
                ERIN);
        exec(c, "insert into group_group_member (group_id, member_group_id) values (?, ?)", STAFF, ENGINEERS);

        exec(c, """
                insert into sync_run (id, task_id, status, trigger, mode, executed_mode, mode_reason, phase, objects_read,
                    counts, would_remove, fire_time, lease_owner, lease_expires_at, queued_at, started_at, finished_at)
                values (?, ?, 'SUCCEEDED', 'SCHEDULE', 'INCREMENTAL', 'FULL', 'the scope changed', 'APPLY', 5,
                    '{"usersUpdated": 1, "usersDisabled": 1}', 1, '2024-03-01 09:59:00+00', 'replica-a',
                    '2024-03-01 10:01:00+00', '2024-03-01 09:59:00+00', '2024-03-01 09:59:30+00',
                    '2024-03-01 10:00:00+00')""", RUN, AD_TASK);
        exec(c, """
                insert into sync_run (id, task_id, status, trigger, mode, dry_run, allow_mass_delete, failure_category,
                    failure_reason, cancel_requested, queued_at, started_at, finished_at, not_before)
                values (?, ?, 'FAILED', 'MANUAL', 'FULL', true, true, 'CONNECTION', 'connection refused', false,
                    '2024-03-02 08:00:00+00', '2024-03-02 08:00:05+00', '2024-03-02 08:00:08+00',
                    '2024-03-02 08:00:00+00')""", FAILED_RUN, LDAP_TASK);
        exec(c, """
                insert into sync_run_change (run_id, action, object_type, external_id, dn, changed_fields, reason)
                values (?, 'DISABLED', 'USER', 'carol-guid', 'CN=carol,OU=People,DC=corp,DC=example', null,
                        'no longer in the directory scope'),
                       (?, 'UPDATED', 'USER', 'alice-guid', 'CN=alice,OU=People,DC=corp,DC=example',
                        array['email', 'department'], null)""", RUN, RUN);
        exec(c, """
                insert into sync_watermark (task_id, feed, server, invocation_id, value, scope_hash, full_at, objects,
                    updated_at)
                values (?, 'AD_USN', 'dc1.corp.example', ?, '987654', 'scope-1', '2024-03-01 10:00:00+00', 6,
                    '2024-03-01 10:00:00+00')""", AD_TASK, INVOCATION_ID);
        exec(c, """
                insert into api_token (id, name, role, secret_hash, secret_prefix, created_at, created_by, last_used_at)
                values (?, 'deploy pipeline', 'operator', 'a3f1c2', 'usy_ab12', '2024-01-01 00:00:00+00',
                    'admin@corp.example', '2024-03-01 09:00:00+00')""", TOKEN);
        exec(c, """
                insert into audit_event (at, actor, actor_type, action, target_type, target_id, remote_address, detail,
                    before, after)
                values ('2024-01-05 12:00:00+00', 'admin@corp.example', 'OIDC', 'USER_UPDATED', 'USER', ?, '10.0.0.7',
                    null, '{"customAttributes": {}}', '{"customAttributes": {"contract": "external"}}')""", DAVE.toString());
    }

    private static void insertManualGroup(Connection c, UUID id, UUID parent, String name) throws SQLException {
        exec(
                c,
                "insert into user_group (id, parent_id, name, description, kind, created_at, updated_at)"
                        + " values (?, ?, ?, 'made by hand', 'MANUAL', '2023-10-01 00:00:00+00', '2023-10-01 00:00:00+00')",
                id,
                parent,
                name);
    }

    private static void insertSyncedGroup(
            Connection c, UUID id, UUID parent, String name, String kind, String externalId, String dn, String sid)
            throws SQLException {
        exec(c, """
                insert into user_group (id, parent_id, name, task_id, external_id, kind, dn, dn_norm, sid, source_hash,
                    version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, lower(?), ?, ?, 3, '2023-11-02 09:05:00+00', '2024-02-01 09:05:00+00')""", id, parent, name, AD_TASK, externalId, kind, dn, dn, sid, "h-" + externalId);
    }

    private static void insertUser(
            Connection c,
            UUID id,
            UUID task,
            UUID group,
            String username,
            boolean enabled,
            String sourceHash,
            String attributes,
            String customAttributes,
            Instant updatedAt)
            throws SQLException {
        String dn = task == null ? null : "CN=" + username + ",OU=People,DC=corp,DC=example";
        exec(
                c,
                """
                insert into app_user (id, task_id, external_id, sid, group_id, username, display_name, email, phone,
                    office, job_title, department, description, dn, dn_norm, enabled, attributes, custom_attributes,
                    source_hash, version, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, '+49 30 1234', 'Berlin', 'Engineer', 'R&D', 'since 2020', ?, lower(?), ?,
                    ?::jsonb, ?::jsonb, ?, 2, '2023-11-02 09:05:00+00', ?)""",
                id,
                task,
                task == null ? null : username + "-guid",
                task == null
                        ? null
                        : "S-1-5-21-1004336348-1177238915-682003330-" + (1100 + id.getLeastSignificantBits()),
                group,
                username,
                Character.toUpperCase(username.charAt(0)) + username.substring(1),
                username + "@corp.example",
                dn,
                dn,
                enabled,
                attributes,
                customAttributes,
                sourceHash,
                OffsetDateTime.ofInstant(updatedAt, ZoneOffset.UTC));
    }

    /** What V12 stores for a bind password: a key version byte, a nonce, ciphertext and tag. */
    private static byte[] ciphertext(int seed) {
        byte[] b = new byte[45];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (seed * 31 + i * 7);
        }
        b[0] = 1;
        return b;
    }

    private static Map<String, List<String>> columnsOfTables(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("""
                select c.table_name, c.column_name from information_schema.columns c
                join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
                where c.table_schema = ? and t.table_type = 'BASE TABLE' and c.table_name <> 'flyway_schema_history'
                order by c.table_name, c.ordinal_position""")) {
            s.setString(1, SCHEMA);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.computeIfAbsent(r.getString(1), t -> new ArrayList<>())
                            .add(r.getString(2));
                }
            }
        }
        return columns;
    }

    private static Map<String, List<List<Object>>> rowsOf(Connection c, Map<String, List<String>> columns)
            throws SQLException {
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> t : columns.entrySet()) {
            String list = t.getValue().stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
            String order = IntStream.rangeClosed(1, t.getValue().size())
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
            rows.put(t.getKey(), rows(c, "select " + list + " from " + t.getKey() + " order by " + order));
        }
        return rows;
    }

    private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<Object> row = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    row.add(comparable(r.getObject(i)));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A value with an equals that compares content, so rows read at different times compare. */
    private static Object comparable(Object v) throws SQLException {
        if (v instanceof Array a) {
            return Arrays.asList((Object[]) a.getArray());
        }
        if (v instanceof byte[] b) {
            return HexFormat.of().formatHex(b);
        }
        if (v instanceof PGobject p) {
            return p.getType() + " " + p.getValue();
        }
        if (v instanceof Timestamp t) {
            return t.toInstant();
        }
        return v;
    }

    private static int exec(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            return s.executeUpdate();
        }
    }

    private static void assertRefused(Connection c, String sqlState, String sql, Object... parameters)
            throws SQLException {
        Savepoint before = c.setSavepoint();
        SQLException e = assertThrows(SQLException.class, () -> exec(c, sql, parameters));
        assertEquals(sqlState, e.getSQLState(), e.getMessage());
        c.rollback(before);
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** The store stays as the migration left it for the other tests, whatever order they run in. */
    private static void inRolledBackTransaction(SqlWork work) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
            } finally {
                c.rollback();
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL + "?currentSchema=" + SCHEMA, DB_USER, "");
    }

    private static FluentConfiguration flyway() {
        return Flyway.configure().dataSource(URL, DB_USER, "").schemas(SCHEMA).locations("classpath:db/migration");
    }

    private static String env(String name, String otherwise) {
        return Objects.requireNonNullElse(System.getenv(name), otherwise);
    }
}
