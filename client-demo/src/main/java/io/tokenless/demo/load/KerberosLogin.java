package io.tokenless.demo.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/** Logs a client principal in from its keytab with the JDK's Krb5LoginModule. */
final class KerberosLogin {
  private KerberosLogin() {}

  /**
   * @return a Subject holding the principal's TGT
   * @throws IllegalArgumentException when the keytab is unreadable or the KDC refuses the login
   */
  static Subject fromKeytab(Path keytab, String principal) {
    if (!Files.isReadable(keytab)) {
      throw new IllegalArgumentException("--keytab: cannot read " + keytab);
    }
    Map<String, String> options = Map.of(
        "useKeyTab", "true",
        "keyTab", keytab.toString(),
        "principal", principal,
        "storeKey", "false",
        "doNotPrompt", "true",
        "isInitiator", "true",
        "refreshKrb5Config", "true");
    Configuration configuration = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(
            "com.sun.security.auth.module.Krb5LoginModule", LoginModuleControlFlag.REQUIRED, options)};
      }
    };
    try {
      LoginContext login = new LoginContext("tokenless-load", new Subject(), null, configuration);
      login.login();
      return login.getSubject();
    } catch (LoginException e) {
      throw new IllegalArgumentException("Kerberos login of " + principal + " from " + keytab + " failed: "
          + e.getMessage(), e);
    }
  }
}
