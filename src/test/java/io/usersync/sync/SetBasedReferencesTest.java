package io.usersync.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

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

    private long count(Statement s, String sql) throws SQLException {
        try (var r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    @Test
    void missingParentsAreRefused() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String user = uuid();
            s.execute("insert into app_user (id, group_id, username) values ('" + user + "', '" + ROOT + "', 'refs-" + user + "')");
            SQLException noGroup = assertThrows(SQLException.class, () -> s.execute(
                    "insert into group_user_member (group_id, user_id) values ('" + uuid() + "', '" + user + "')"));
            assertEquals("23503", noGroup.getSQLState());
            SQLException noUser = assertThrows(SQLException.class, () -> s.execute(
                    "insert into group_user_member (group_id, user_id) values ('" + ROOT + "', '" + uuid() + "')"));
            assertEquals("23503", noUser.getSQLState());
            SQLException userWithoutGroup = assertThrows(SQLException.class, () -> s.execute(
                    "insert into app_user (id, group_id, username) values ('" + uuid() + "', '" + uuid() + "', 'x')"));
            assertEquals("23503", userWithoutGroup.getSQLState());
            SQLException userOfNoTask = assertThrows(SQLException.class, () -> s.execute(
                    "update app_user set task_id = '" + uuid() + "' where id = '" + user + "'"));
            assertEquals("23503", userOfNoTask.getSQLState());
            SQLException changeOfNoRun = assertThrows(SQLException.class, () -> s.execute(
                    "insert into sync_run_change (run_id, action, object_type) values ('" + uuid() + "', 'CREATED', 'USER')"));
            assertEquals("23503", changeOfNoRun.getSQLState());
            s.execute("delete from app_user where id = '" + user + "'");
        }
    }

    @Test
    void deletesCascadeSetNullOrAreRefused() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String group = uuid();
            String user = uuid();
            String other = uuid();
            s.execute("insert into user_group (id, parent_id, name) values ('" + group + "', '" + ROOT + "', 'refs-" + group + "')");
            s.execute("insert into app_user (id, group_id, username) values ('" + user + "', '" + ROOT + "', 'refs-" + user + "'), ('"
                    + other + "', '" + group + "', 'refs-" + other + "')");
            s.execute("insert into group_user_member (group_id, user_id) values ('" + group + "', '" + user + "'), ('" + ROOT + "', '"
                    + user + "'), ('" + group + "', '" + other + "')");

            SQLException holdsUsers = assertThrows(SQLException.class, () -> s.execute("delete from user_group where id = '" + group + "'"));
            assertEquals("23503", holdsUsers.getSQLState());

            s.execute("delete from app_user where id = '" + user + "'");
            assertEquals(0, count(s, "select count(*) from group_user_member where user_id = '" + user + "'"));
            assertEquals(1, count(s, "select count(*) from group_user_member where group_id = '" + group + "'"));

            s.execute("update app_user set group_id = '" + ROOT + "' where id = '" + other + "'");
            s.execute("delete from user_group where id = '" + group + "'");
            assertEquals(0, count(s, "select count(*) from group_user_member where group_id = '" + group + "'"));
            s.execute("delete from app_user where id = '" + other + "'");
        }
    }

    @Test
    void deletedTaskLeavesItsUsersOwnedByNoTaskAndDeletedRunTakesItsChanges() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            String task = uuid();
            String user = uuid();
            String run = uuid();
            s.execute("insert into sync_task (id, name, directory_type, host, port, security, login, password_ciphertext, target_group_id, base_dns, "
                    + "collision_handling, user_extinction_handling, group_extinction_handling) values ('" + task + "', 'refs-" + task
                    + "', 'LDAP', 'h', 389, 'NONE', 'cn=x', ''::bytea, '" + ROOT + "', array['dc=x'], 'SKIP', 'SKIP', 'SKIP')");
            s.execute("insert into app_user (id, task_id, external_id, group_id, username) values ('" + user + "', '" + task + "', 'e', '"
                    + ROOT + "', 'refs-" + user + "')");
            s.execute("insert into sync_run (id, task_id, status, trigger, counts) values ('" + run + "', '" + task + "', 'SUCCEEDED', 'MANUAL', '{}')");
            s.execute("insert into sync_run_change (run_id, action, object_type) values ('" + run + "', 'CREATED', 'USER'), ('" + run
                    + "', 'CREATED', 'GROUP')");

            s.execute("delete from sync_run where id = '" + run + "'");
            assertEquals(0, count(s, "select count(*) from sync_run_change where run_id = '" + run + "'"));
            s.execute("delete from sync_task where id = '" + task + "'");
            assertEquals(1, count(s, "select count(*) from app_user where id = '" + user + "' and task_id is null"));
            s.execute("delete from app_user where id = '" + user + "'");
        }
    }
}
