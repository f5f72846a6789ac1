package io.usersync.group;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.usersync.support.ApiTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class UserGroupResourceTest extends ApiTest {

    @Test
    void rootGroupAllExistsAndCannotBeDeletedOrRenamed() {
        json().get("/api/v1/user-groups/" + ROOT_GROUP)
                .then()
                .statusCode(200)
                .body("name", equalTo("All"))
                .body("kind", equalTo("ROOT"));
        json().delete("/api/v1/user-groups/" + ROOT_GROUP)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("root"));
        json().body(Map.of("name", "Everyone"))
                .put("/api/v1/user-groups/" + ROOT_GROUP)
                .then()
                .statusCode(409);
    }

    @Test
    void createGetListChildrenUpdateDelete() {
        String name = unique("Sales");
        String id = createGroup(name, null);
        json().get("/api/v1/user-groups/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"0\""))
                .body("parentId", equalTo(ROOT_GROUP))
                .body("kind", equalTo("MANUAL"));
        json().queryParam("name", name.toUpperCase())
                .get("/api/v1/user-groups")
                .then()
                .statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].id", equalTo(id));

        String child = createGroup("EMEA", id);
        json().get("/api/v1/user-groups/" + id + "/children")
                .then()
                .statusCode(200)
                .body("items.id", hasItem(child))
                .body("total", equalTo(1));

        json().header("If-Match", "\"0\"")
                .body(Map.of("name", name + "-renamed", "description", "d"))
                .put("/api/v1/user-groups/" + id)
                .then()
                .statusCode(200)
                .header("ETag", equalTo("\"1\""))
                .body("name", equalTo(name + "-renamed"));
        json().header("If-Match", "\"0\"")
                .body(Map.of("name", name))
                .put("/api/v1/user-groups/" + id)
                .then()
                .statusCode(412)
                .contentType("application/problem+json");

        json().delete("/api/v1/user-groups/" + id).then().statusCode(409).body("detail", containsString("child"));
        json().delete("/api/v1/user-groups/" + child).then().statusCode(204);
        json().delete("/api/v1/user-groups/" + id).then().statusCode(204);
        json().get("/api/v1/user-groups/" + id).then().statusCode(410).contentType("application/problem+json");
    }

    @Test
    void siblingNamesAreUniqueIgnoringCase() {
        String parent = createGroup(unique("P"), null);
        createGroup("Finance", parent);
        json().body(Map.of("name", "FINANCE", "parentId", parent))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("detail", containsString("FINANCE"));
        // the same name under another parent is fine
        createGroup("Finance", createGroup(unique("Q"), null));
    }

    @Test
    void movingUnderOwnDescendantIsRefused() {
        String a = createGroup(unique("A"), null);
        String b = createGroup("B", a);
        String c = createGroup("C", b);
        json().body(Map.of("name", "irrelevant", "parentId", c))
                .put("/api/v1/user-groups/" + a)
                .then()
                .statusCode(409)
                .body("detail", containsString("descendant"));
        json().body(Map.of("name", "self", "parentId", a))
                .put("/api/v1/user-groups/" + a)
                .then()
                .statusCode(409);
        // a legal move still works
        json().body(Map.of("name", "C", "parentId", a))
                .put("/api/v1/user-groups/" + c)
                .then()
                .statusCode(200)
                .body("parentId", equalTo(a));
    }

    @Test
    void groupThatIsATaskTargetCannotBeDeleted() {
        String target = createGroup(unique("Target"), null);
        String taskName = unique("task");
        json().body(taskBody(taskName, target))
                .post("/api/v1/sync-tasks")
                .then()
                .statusCode(201);
        json().delete("/api/v1/user-groups/" + target).then().statusCode(409).body("detail", containsString(taskName));
    }

    @Test
    void badInputIsAProblem() {
        json().body(Map.of("name", " "))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("name"));
        json().body(Map.of("name", "x", "parentId", "00000000-0000-0000-0000-00000000dead"))
                .post("/api/v1/user-groups")
                .then()
                .statusCode(422)
                .body("errors[0].field", equalTo("parentId"));
        json().get("/api/v1/user-groups/not-a-uuid").then().statusCode(404);
        json().queryParam("size", 0)
                .get("/api/v1/user-groups")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("size"));
        json().get("/api/v1/user-groups/" + ROOT_GROUP + "/children")
                .then()
                .statusCode(200)
                .body("items.name", not(hasItem("All")));
    }
}
