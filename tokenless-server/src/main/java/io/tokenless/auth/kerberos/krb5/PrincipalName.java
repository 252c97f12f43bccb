package io.tokenless.auth.kerberos.krb5;

import java.util.ArrayList;
import java.util.List;

/**
 * A Kerberos PrincipalName (RFC 4120 5.2.2) without its realm. Equality ignores the name type,
 * as the JDK's and MIT's comparisons of ticket and authenticator names do.
 *
 * @param nameType   e.g. 1 (NT-PRINCIPAL) or 2 (NT-SRV-INST); informational
 * @param components the name-string components, at least one
 */
public record PrincipalName(int nameType, List<String> components) {
  public PrincipalName {
    components = List.copyOf(components);
  }

  /**
   * Reads {@code SEQUENCE { name-type [0] Int32, name-string [1] SEQUENCE OF KerberosString }},
   * which must be all that {@code field} holds.
   */
  static PrincipalName decode(DerReader field) throws Krb5Exception {
    DerReader sequence = field.read(DerReader.SEQUENCE);
    field.expectEnd("PrincipalName field");
    int type = sequence.int32Field(0);
    DerReader stringsField = sequence.field(1);
    DerReader strings = stringsField.read(DerReader.SEQUENCE);
    stringsField.expectEnd("name-string");
    sequence.expectEnd("PrincipalName");
    List<String> components = new ArrayList<>(2);
    while (strings.hasMore()) {
      components.add(strings.readKerberosString());
    }
    if (components.isEmpty()) {
      throw new Krb5Exception("PrincipalName without components");
    }
    return new PrincipalName(type, components);
  }

  /**
   * {@code a/b@REALM}, spelled as the JDK's {@code PrincipalName.toString()} does (an {@code @}
   * inside a component escaped as {@code \@}), so both acceptors name a client identically to
   * the identity mapping.
   */
  public String toString(String realm) {
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < components.size(); i++) {
      if (i > 0) {
        name.append('/');
      }
      name.append(components.get(i).replace("@", "\\@"));
    }
    return name.append('@').append(realm).toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PrincipalName name && name.components.equals(components);
  }

  @Override
  public int hashCode() {
    return components.hashCode();
  }
}
