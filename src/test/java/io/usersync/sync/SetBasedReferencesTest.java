package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statement-level triggers that replace the bulk tables' foreign keys (V5) keep what the foreign
 * keys promised: no row refers to a missing parent, and deleting a parent cascades, sets null or is
 * refused as before.
 */
@QuarkusTest
class SetBasedReferencesTest {
    static final String ROOT = "00000000-0000-0000-0000-000000000001";

    @Inject
    DataSource ds;

    Connection connection;
    Statement db;

    @BeforeEach
    void connect() throws SQLException {
        connection = ds.getConnection();
        db = connection.createStatement();
    }

    @AfterEach
    void disconnect() throws SQLException {
        connection.close();
    }

    private long count(String sql) throws SQLException {
        try (var r = db.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /** The statement is refused as a foreign key refuses it: SQLSTATE 23503, foreign_key_violation. */
    private void assertRefusedByReference(String what, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> db.execute(sql), what);
        assertEquals("23503", e.getSQLState(), what + ": " + e.getMessage());
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void missingParentsAreRefused() throws SQLException {
        String user = uuid();
        db.execute("insert into app_user (id, group_id, username) values ('" + user + "', '" + ROOT + "', 'refs-" + user
                + "')");
        assertRefusedByReference(
                "a member of no group",
                "insert into group_user_member (group_id, user_id) values ('" + uuid() + "', '" + user + "')");
        assertRefusedByReference(
                "a member that is no user",
                "insert into group_user_member (group_id, user_id) values ('" + ROOT + "', '" + uuid() + "')");
        assertRefusedByReference(
                "a user of no group",
                "insert into app_user (id, group_id, username) values ('" + uuid() + "', '" + uuid() + "', 'x')");
        assertRefusedByReference(
                "a user of no task", "update app_user set task_id = '" + uuid() + "' where id = '" + user + "'");
        assertRefusedByReference(
                "a change of no run",
                "insert into sync_run_change (run_id, action, object_type) values ('" + uuid()
                        + "', 'CREATED', 'USER')");
        db.execute("delete from app_user where id = '" + user + "'");
    }

    @Test
    void deletesCascadeSetNullOrAreRefused() throws SQLException {
        String group = uuid();
        String user = uuid();
        String other = uuid();
        db.execute("insert into user_group (id, parent_id, name) values ('" + group + "', '" + ROOT + "', 'refs-"
                + group + "')");
        db.execute("insert into app_user (id, group_id, username) values ('" + user + "', '" + ROOT + "', 'refs-" + user
                + "'), ('" + other + "', '" + group + "', 'refs-" + other + "')");
        db.execute("insert into group_user_member (group_id, user_id) values ('" + group + "', '" + user + "'), ('"
                + ROOT + "', '" + user + "'), ('" + group + "', '" + other + "')");

        assertRefusedByReference("a group that holds users", "delete from user_group where id = '" + group + "'");

        db.execute("delete from app_user where id = '" + user + "'");
        assertEquals(0, count("select count(*) from group_user_member where user_id = '" + user + "'"));
        assertEquals(1, count("select count(*) from group_user_member where group_id = '" + group + "'"));

        db.execute("update app_user set group_id = '" + ROOT + "' where id = '" + other + "'");
        db.execute("delete from user_group where id = '" + group + "'");
        assertEquals(0, count("select count(*) from group_user_member where group_id = '" + group + "'"));
        db.execute("delete from app_user where id = '" + other + "'");
    }

    @Test
    void deletedTaskLeavesItsUsersOwnedByNoTaskAndDeletedRunTakesItsChanges() throws SQLException {
        String task = uuid();
        String user = uuid();
        String run = uuid();
        db.execute(
                "insert into sync_task (id, name, directory_type, host, port, security, login, password_ciphertext, target_group_id, base_dns, "
                        + "collision_handling, user_extinction_handling, group_extinction_handling) values ('" + task
                        + "', 'refs-" + task
                        + "', 'LDAP', 'h', 389, 'NONE', 'cn=x', ''::bytea, '" + ROOT
                        + "', array['dc=x'], 'SKIP', 'SKIP', 'SKIP')");
        db.execute("insert into app_user (id, task_id, external_id, group_id, username) values ('" + user + "', '"
                + task + "', 'e', '" + ROOT + "', 'refs-" + user + "')");
        db.execute("insert into sync_run (id, task_id, status, trigger, counts) values ('" + run + "', '" + task
                + "', 'SUCCEEDED', 'MANUAL', '{}')");
        db.execute("insert into sync_run_change (run_id, action, object_type) values ('" + run
                + "', 'CREATED', 'USER'), ('" + run + "', 'CREATED', 'GROUP')");

        db.execute("delete from sync_run where id = '" + run + "'");
        assertEquals(0, count("select count(*) from sync_run_change where run_id = '" + run + "'"));
        db.execute("delete from sync_task where id = '" + task + "'");
        assertEquals(1, count("select count(*) from app_user where id = '" + user + "' and task_id is null"));
        db.execute("delete from app_user where id = '" + user + "'");
    }
}
