package io.tokenless.gateway;

/** What a route's policy asks of a request. */
sealed interface Requirement {

  /** The route has no policy: any authenticated caller may pass. */
  record AnyCaller() implements Requirement {}

  /** The caller needs this role on the request's scope. */
  record Role(String name) implements Requirement {}

  /** The route has a policy and no rule of it matches: refused. */
  record NoRule() implements Requirement {}
}
