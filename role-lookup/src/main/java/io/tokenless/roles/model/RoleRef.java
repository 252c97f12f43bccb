package io.tokenless.roles.model;

/** A role as a lookup answer names it: id and name. */
public record RoleRef(String id, String name) {}
