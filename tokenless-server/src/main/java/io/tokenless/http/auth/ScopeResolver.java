package io.tokenless.http.auth;

import io.tokenless.error.BadRequestException;
import io.tokenless.error.NotFoundException;
import io.tokenless.roles.model.Domain;
import io.tokenless.roles.model.Ids;
import io.tokenless.roles.model.Project;
import io.tokenless.roles.model.Scope;
import io.tokenless.roles.cache.Memo;
import io.tokenless.roles.store.RoleStore;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.Deque;
import java.util.Optional;

/**
 * Where a request acts. A token carries its own scope. Otherwise the request names it, as
 * keystonemiddleware's headers do: {@code X-Project-Id}; {@code X-Project-Name} with
 * {@code X-Project-Domain-Id} or {@code X-Project-Domain-Name} (default domain when neither);
 * {@code X-Domain-Id} or {@code X-Domain-Name}; {@code OpenStack-System-Scope: all}; or the
 * query parameter {@code project} (an id or a name in the user's domain). With none of these the
 * user's default project applies, and without one the request is unscoped.
 */
public final class ScopeResolver {
  private static final HttpString PROJECT_ID = new HttpString("X-Project-Id");
  private static final HttpString PROJECT_NAME = new HttpString("X-Project-Name");
  private static final HttpString PROJECT_DOMAIN_ID = new HttpString("X-Project-Domain-Id");
  private static final HttpString PROJECT_DOMAIN_NAME = new HttpString("X-Project-Domain-Name");
  private static final HttpString DOMAIN_ID = new HttpString("X-Domain-Id");
  private static final HttpString DOMAIN_NAME = new HttpString("X-Domain-Name");
  private static final HttpString SYSTEM_SCOPE = new HttpString("OpenStack-System-Scope");

  /** Cache keys of the projects and domains a request names. */
  private record ProjectById(String id) {}

  private record ProjectByName(String domainId, String name) {}

  private record DomainById(String id) {}

  private record DomainByName(String name) {}

  private final RoleStore store;
  private final Memo memo;

  /**
   * @param memo keeps the projects and domains requests name until the next write to the role
   *             model, so a request with a cached scope needs no query (and is still answered
   *             while PostgreSQL is unreachable)
   */
  public ScopeResolver(RoleStore store, Memo memo) {
    this.store = store;
    this.memo = memo;
  }

  /**
   * The scope of the request for {@code user}.
   *
   * @throws NotFoundException   a named project or domain does not exist
   * @throws BadRequestException the headers contradict each other or are malformed
   */
  public Optional<Scope> resolve(HttpServerExchange exchange, ResolvedUser user) {
    var attributes = user.principal().attributes();
    if (user.principal().mechanism().equals("token")) {
      if (attributes.containsKey("project_id")) {
        return Optional.of(Scope.project(attributes.get("project_id")));
      }
      if (attributes.containsKey("domain_id")) {
        return Optional.of(Scope.domain(attributes.get("domain_id")));
      }
      if (attributes.containsKey("system")) {
        return Optional.of(Scope.system());
      }
      return Optional.empty();
    }
    Optional<String> projectId = header(exchange, PROJECT_ID);
    if (projectId.isPresent()) {
      return Optional.of(Scope.project(existingProject(projectId.get()).id()));
    }
    Optional<String> projectName = header(exchange, PROJECT_NAME);
    if (projectName.isPresent()) {
      Domain domain = header(exchange, PROJECT_DOMAIN_ID).map(this::domainById)
          .or(() -> header(exchange, PROJECT_DOMAIN_NAME).map(this::domainByName))
          .orElseGet(() -> domainById(Ids.DEFAULT_DOMAIN));
      return Optional.of(Scope.project(projectByName(domain.id(), projectName.get()).id()));
    }
    Optional<String> domainId = header(exchange, DOMAIN_ID);
    if (domainId.isPresent()) {
      return Optional.of(Scope.domain(domainById(domainId.get()).id()));
    }
    Optional<String> domainName = header(exchange, DOMAIN_NAME);
    if (domainName.isPresent()) {
      return Optional.of(Scope.domain(domainByName(domainName.get()).id()));
    }
    Optional<String> system = header(exchange, SYSTEM_SCOPE);
    if (system.isPresent()) {
      if (!system.get().equals("all")) {
        throw new BadRequestException("OpenStack-System-Scope must be 'all'");
      }
      return Optional.of(Scope.system());
    }
    Deque<String> query = exchange.getQueryParameters().get("project");
    if (query != null && !query.isEmpty()) {
      String project = query.getFirst();
      Optional<Project> byId = Ids.plausible(project) ? findProject(project) : Optional.empty();
      return Optional.of(Scope.project(byId.orElseGet(() -> projectByName(user.domain().id(), project)).id()));
    }
    return Optional.ofNullable(user.user().defaultProjectId()).map(Scope::project);
  }

  private static Optional<String> header(HttpServerExchange exchange, HttpString name) {
    return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name)).map(String::trim)
        .filter(value -> !value.isEmpty());
  }

  private Project existingProject(String id) {
    if (!Ids.plausible(id)) {
      throw new BadRequestException("X-Project-Id is not a valid id");
    }
    return findProject(id).orElseThrow(() -> new NotFoundException("Could not find project: " + id + "."));
  }

  private Optional<Project> findProject(String id) {
    return memo.remember(new ProjectById(id), () -> store.projects().find(id));
  }

  private Project projectByName(String domainId, String name) {
    return memo.remember(new ProjectByName(domainId, name), () -> store.projects().findByName(domainId, name))
        .orElseThrow(() -> new NotFoundException("Could not find project: " + name + "."));
  }

  private Domain domainById(String id) {
    if (!Ids.plausible(id)) {
      throw new BadRequestException("domain id is not a valid id");
    }
    return memo.remember(new DomainById(id), () -> store.domains().find(id)).orElseThrow(() -> new NotFoundException("Could not find domain: " + id + "."));
  }

  private Domain domainByName(String name) {
    return memo.remember(new DomainByName(name), () -> store.domains().findByName(name))
        .orElseThrow(() -> new NotFoundException("Could not find domain: " + name + "."));
  }
}
