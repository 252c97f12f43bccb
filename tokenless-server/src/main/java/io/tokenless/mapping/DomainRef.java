package io.tokenless.mapping;

/**
 * A domain named by id or by name, exactly one of them. In a {@link MappingRule} either may be
 * a template ({@code {KRB5_REALM}}); in a {@link MappedIdentity} it is resolved.
 *
 * @param id   the domain id, e.g. {@code default}, or {@code null}
 * @param name the domain name, e.g. {@code Default}, or {@code null}
 */
public record DomainRef(String id, String name) {
  public DomainRef {
    if ((id == null) == (name == null)) {
      throw new MappingConfigException("domain: give exactly one of id or name");
    }
    if ((id != null && id.isBlank()) || (name != null && name.isBlank())) {
      throw new MappingConfigException("domain: id or name must not be blank");
    }
  }

  public static DomainRef byId(String id) {
    return new DomainRef(id, null);
  }

  public static DomainRef byName(String name) {
    return new DomainRef(null, name);
  }

  public boolean isById() {
    return id != null;
  }
}
