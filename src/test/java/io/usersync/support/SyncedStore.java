package io.usersync.support;

import static io.restassured.RestAssured.given;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.usersync.user.AppUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test helpers over the synced part of the store. */
public final class SyncedStore {
    private SyncedStore() {}

    /** Tasks over one directory collide by SID: tests that sync the same directory start from an empty synced store. */
    public static void wipe() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AppUser.getEntityManager();
            em.createNativeQuery("delete from app_user").executeUpdate();
            em.createNativeQuery("delete from user_group where task_id is not null")
                    .executeUpdate();
        });
    }

    public static int userCount(String taskId) {
        return given().queryParam("taskId", taskId)
                .queryParam("size", 1)
                .get("/api/v1/users")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    /** The id of the task's group of that name. */
    public static String groupId(String taskId, String name) {
        List<Map<String, Object>> items = given().queryParam("name", name)
                .queryParam("size", 1000)
                .get("/api/v1/user-groups")
                .then()
                .statusCode(200)
                .extract()
                .path("items");
        return items.stream()
                .filter(g -> taskId.equals(g.get("taskId")) && name.equals(g.get("name")))
                .map(g -> (String) g.get("id"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group " + name));
    }

    public static int memberCount(String groupId) {
        return given().queryParam("size", 1)
                .get("/api/v1/user-groups/" + groupId + "/members")
                .then()
                .statusCode(200)
                .extract()
                .path("total");
    }

    /** The task's part of the store, by external ids, in a canonical order. */
    public static List<String> snapshot(String task) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var em = AppUser.getEntityManager();
            List<String> out = new ArrayList<>();
            for (Object row : em.createNativeQuery("""
                    select concat_ws(' | ', 'user', u.external_id, u.username, u.display_name, u.email, u.phone, u.office,
                        u.job_title, u.department, u.description, u.dn, u.dn_norm, u.enabled, u.sid, u.attributes::text, u.source_hash,
                        coalesce(g.external_id, 'target'))
                    from app_user u join user_group g on g.id = u.group_id where u.task_id = cast(?1 as uuid)
                    union all
                    select concat_ws(' | ', 'group', g.external_id, g.kind, g.name, g.description, g.dn, g.dn_norm, g.sid, g.source_hash,
                        coalesce(p.external_id, 'target'))
                    from user_group g join user_group p on p.id = g.parent_id where g.task_id = cast(?1 as uuid)
                    union all
                    select concat_ws(' | ', 'member', g.external_id, u.external_id)
                    from group_user_member m join user_group g on g.id = m.group_id join app_user u on u.id = m.user_id
                    where g.task_id = cast(?1 as uuid)
                    union all
                    select concat_ws(' | ', 'nested', g.external_id, c.external_id)
                    from group_group_member m join user_group g on g.id = m.group_id join user_group c on c.id = m.member_group_id
                    where g.task_id = cast(?1 as uuid)
                    order by 1""").setParameter(1, task).getResultList()) {
                out.add((String) row);
            }
            return out;
        });
    }
}
