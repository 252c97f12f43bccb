package io.tokenless.roles.store;

import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Group;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.User;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Groups and their members. A user may belong to groups of any domain, as in Keystone. */
public final class GroupStore {
  private final Database db;

  GroupStore(Database db) {
    this.db = db;
  }

  public Group create(Group group) {
    db.writeVoid("group", h -> {
      DomainStore.require(h, group.domainId());
      h.createUpdate("INSERT INTO groups (id, name, domain_id, description) VALUES (:id, :name, :domainId, :description)")
          .bindMethods(group)
          .execute();
    });
    return group;
  }

  public Optional<Group> find(String id) {
    if (!Ids.plausible(id)) {
      return Optional.empty();
    }
    return db.read(h -> find(h, id));
  }

  public Group get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  public Optional<Group> findByName(String domainId, String name) {
    return db.read(h -> h.createQuery(
            "SELECT " + Rows.GROUP_COLUMNS + " FROM groups WHERE domain_id = :domainId AND name = :name")
        .bind("domainId", domainId)
        .bind("name", name)
        .map(Rows.GROUP)
        .findOne());
  }

  /** Groups sorted by name; each non-null argument filters. */
  public List<Group> list(String domainId, String name) {
    return db.read(h -> h.createQuery("SELECT " + Rows.GROUP_COLUMNS + " FROM groups"
            + " WHERE (CAST(:domainId AS text) IS NULL OR domain_id = :domainId)"
            + " AND (CAST(:name AS text) IS NULL OR name = :name) ORDER BY name, id")
        .bind("domainId", domainId)
        .bind("name", name)
        .map(Rows.GROUP)
        .list());
  }

  /** Replaces name and description (a group cannot change domain: 400). */
  public Group update(Group group) {
    db.writeVoid("group", h -> {
      Group current = require(h, group.id());
      if (!current.domainId().equals(group.domainId())) {
        throw new io.tokenless.error.BadRequestException("a group cannot move to another domain");
      }
      h.createUpdate("UPDATE groups SET name = :name, description = :description WHERE id = :id")
          .bindMethods(group)
          .execute();
    });
    return group;
  }

  /** Deletes the group with its memberships and assignments. */
  public void delete(String id) {
    db.writeVoid("group", h -> {
      require(h, id);
      h.createUpdate("DELETE FROM assignments WHERE actor_type = 'group' AND actor_id = :id").bind("id", id).execute();
      h.createUpdate("DELETE FROM groups WHERE id = :id").bind("id", id).execute();
    });
  }

  /** Adds a member; adding one twice is not an error (Keystone answers 204 both times). */
  public void addMember(String groupId, String userId) {
    db.writeVoid("membership", h -> {
      require(h, groupId);
      UserStore.require(h, userId);
      h.createUpdate("INSERT INTO group_members (group_id, user_id) VALUES (:g, :u) ON CONFLICT DO NOTHING")
          .bind("g", groupId)
          .bind("u", userId)
          .execute();
    });
  }

  /** Removes a member; a user who is not a member is a 404. */
  public void removeMember(String groupId, String userId) {
    db.writeVoid("membership", h -> {
      require(h, groupId);
      UserStore.require(h, userId);
      int rows = h.createUpdate("DELETE FROM group_members WHERE group_id = :g AND user_id = :u")
          .bind("g", groupId)
          .bind("u", userId)
          .execute();
      if (rows == 0) {
        throw new NotFoundException("user " + userId + " is not a member of group " + groupId);
      }
    });
  }

  /** Whether the user is a member; an unknown group or user is a 404 (Keystone's HEAD does so). */
  public boolean isMember(String groupId, String userId) {
    return db.read(h -> {
      require(h, groupId);
      UserStore.require(h, userId);
      return h.createQuery("SELECT EXISTS (SELECT 1 FROM group_members WHERE group_id = :g AND user_id = :u)")
          .bind("g", groupId)
          .bind("u", userId)
          .mapTo(Boolean.class)
          .one();
    });
  }

  public List<User> members(String groupId) {
    return db.read(h -> {
      require(h, groupId);
      return h.createQuery("""
              SELECT u.id, u.name, u.domain_id, u.enabled, u.default_project_id, u.description, u.extra::text AS extra
              FROM group_members m JOIN users u ON u.id = m.user_id WHERE m.group_id = :g ORDER BY u.name, u.id""")
          .bind("g", groupId)
          .map(Rows.USER)
          .list();
    });
  }

  public List<Group> groupsOf(String userId) {
    return db.read(h -> {
      UserStore.require(h, userId);
      return h.createQuery("""
              SELECT g.id, g.name, g.domain_id, g.description
              FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = :u ORDER BY g.name, g.id""")
          .bind("u", userId)
          .map(Rows.GROUP)
          .list();
    });
  }

  static Optional<Group> find(Handle h, String id) {
    return h.createQuery("SELECT " + Rows.GROUP_COLUMNS + " FROM groups WHERE id = :id")
        .bind("id", id)
        .map(Rows.GROUP)
        .findOne();
  }

  static Group require(Handle h, String id) {
    if (!Ids.plausible(id)) {
      throw notFound(id);
    }
    return find(h, id).orElseThrow(() -> notFound(id));
  }

  static NotFoundException notFound(String id) {
    return new NotFoundException("could not find group: " + id);
  }
}
