package io.tokenless.roles.resolve;

import io.tokenless.roles.model.Actor;
import io.tokenless.roles.model.Assignment;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.model.Target;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keystone's rules written the obvious way, over in-memory maps, as the oracle the SQL is
 * compared with. Deliberately naive: loops and sets, no cleverness shared with the SQL.
 */
final class BruteForceResolver {
  record ProjectRow(String domainId, String parentId, boolean enabled) {}

  record UserRow(String domainId, boolean enabled) {}

  final Map<String, Boolean> domains = new LinkedHashMap<>();
  final Map<String, ProjectRow> projects = new LinkedHashMap<>();
  final Map<String, UserRow> users = new LinkedHashMap<>();
  final Map<String, String> groups = new LinkedHashMap<>();
  final Set<String[]> members = new HashSet<>();
  /** role id to owning domain, or "" for a global role. */
  final Map<String, String> roles = new LinkedHashMap<>();
  final Set<String[]> implications = new HashSet<>();
  final Set<Assignment> assignments = new HashSet<>();

  Set<String> effectiveRoles(String userId, Scope scope) {
    UserRow user = users.get(userId);
    if (!user.enabled() || !domains.get(user.domainId())) {
      return Set.of();
    }
    Set<Actor> actors = new HashSet<>();
    actors.add(Actor.user(userId));
    for (String[] m : members) {
      if (m[1].equals(userId)) {
        actors.add(Actor.group(m[0]));
      }
    }
    Set<String> granted = new HashSet<>();
    switch (scope.targetType()) {
      case SYSTEM -> {
        for (Assignment a : assignments) {
          if (actors.contains(a.actor()) && a.target().type() == Target.Type.SYSTEM) {
            granted.add(a.roleId());
          }
        }
      }
      case DOMAIN -> {
        if (!domains.get(scope.targetId())) {
          return Set.of();
        }
        for (Assignment a : assignments) {
          if (actors.contains(a.actor()) && a.target().equals(Target.domain(scope.targetId())) && !a.inherited()) {
            granted.add(a.roleId());
          }
        }
      }
      case PROJECT -> {
        ProjectRow project = projects.get(scope.targetId());
        if (!domains.get(project.domainId())) {
          return Set.of();
        }
        Set<String> ancestors = new HashSet<>();
        for (String p = scope.targetId(); p != null; p = projects.get(p).parentId()) {
          if (!projects.get(p).enabled()) {
            return Set.of();
          }
          if (!p.equals(scope.targetId())) {
            ancestors.add(p);
          }
        }
        for (Assignment a : assignments) {
          if (!actors.contains(a.actor())) {
            continue;
          }
          Target t = a.target();
          boolean own = t.equals(Target.project(scope.targetId())) && !a.inherited();
          boolean fromAncestor = t.type() == Target.Type.PROJECT && ancestors.contains(t.id()) && a.inherited();
          boolean fromDomain = t.equals(Target.domain(project.domainId())) && a.inherited();
          if (own || fromAncestor || fromDomain) {
            granted.add(a.roleId());
          }
        }
      }
    }
    Set<String> result = new HashSet<>();
    for (String role : granted) {
      result.addAll(closure(role));
    }
    result.removeIf(r -> !roles.get(r).isEmpty());
    return result;
  }

  /** Every (effective, source) pair of Keystone's effective listing without filters. */
  Set<EffectiveAssignment> effectiveAssignments() {
    Set<EffectiveAssignment> out = new HashSet<>();
    for (Assignment a : assignments) {
      Set<String> who = new HashSet<>();
      if (a.actor().type() == Actor.Type.USER) {
        who.add(a.actor().id());
      } else {
        for (String[] m : members) {
          if (m[0].equals(a.actor().id())) {
            who.add(m[1]);
          }
        }
      }
      Set<Target> where = new HashSet<>();
      if (!a.inherited()) {
        where.add(a.target());
      } else if (a.target().type() == Target.Type.DOMAIN) {
        projects.forEach((id, p) -> {
          if (p.domainId().equals(a.target().id())) {
            where.add(Target.project(id));
          }
        });
      } else {
        for (String id : projects.keySet()) {
          if (isStrictlyBelow(id, a.target().id())) {
            where.add(Target.project(id));
          }
        }
      }
      for (String role : closure(a.roleId())) {
        if (!roles.get(role).isEmpty()) {
          continue;
        }
        for (String user : who) {
          for (Target target : where) {
            out.add(new EffectiveAssignment(new Assignment(role, Actor.user(user), target, false), a));
          }
        }
      }
    }
    return out;
  }

  /** The project and every project below it. */
  Set<String> subtreeOf(String projectId) {
    Set<String> out = new HashSet<>();
    out.add(projectId);
    for (String id : projects.keySet()) {
      if (isStrictlyBelow(id, projectId)) {
        out.add(id);
      }
    }
    return out;
  }

  private boolean isStrictlyBelow(String projectId, String ancestorId) {
    for (String p = projects.get(projectId).parentId(); p != null; p = projects.get(p).parentId()) {
      if (p.equals(ancestorId)) {
        return true;
      }
    }
    return false;
  }

  /** The role and every role it implies, directly or not. */
  private Set<String> closure(String roleId) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(roleId);
    while (!todo.isEmpty()) {
      String r = todo.pop();
      if (seen.add(r)) {
        for (String[] i : implications) {
          if (i[0].equals(r)) {
            todo.add(i[1]);
          }
        }
      }
    }
    return seen;
  }
}
