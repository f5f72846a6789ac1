package io.usersync.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.usersync.user.AppUser;

/** Test helpers over the synced part of the store. */
public final class SyncedStore {
    private SyncedStore() {
    }

    /** Tasks over one directory collide by SID: tests that sync the same directory start from an empty synced store. */
    public static void wipe() {
        QuarkusTransaction.requiringNew().run(() -> {
            var em = AppUser.getEntityManager();
            em.createNativeQuery("delete from app_user").executeUpdate();
            em.createNativeQuery("delete from user_group where task_id is not null").executeUpdate();
        });
    }

    public static int userCount(String taskId) {
        return given().queryParam("taskId", taskId).queryParam("size", 1).get("/api/v1/users").then().statusCode(200)
                .extract().path("total");
    }

    /** The id of the task's group of that name. */
    public static String groupId(String taskId, String name) {
        List<Map<String, Object>> items = given().queryParam("name", name).queryParam("size", 1000).get("/api/v1/user-groups")
                .then().statusCode(200).extract().path("items");
        return items.stream().filter(g -> taskId.equals(g.get("taskId")) && name.equals(g.get("name")))
                .map(g -> (String) g.get("id")).findFirst().orElseThrow(() -> new AssertionError("no group " + name));
    }

    public static int memberCount(String groupId) {
        return given().queryParam("size", 1).get("/api/v1/user-groups/" + groupId + "/members").then().statusCode(200)
                .extract().path("total");
    }
}
