package io.tokenless.config;

/**
 * A setting that cannot be used. The message is one line that names the setting by its YAML
 * path, e.g. {@code tls.privateKey: file not found: /etc/tokenless/key.pem}; the command line
 * prints it as is, without a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private final String setting;

  public ConfigException(String setting, String problem) {
    super(setting.isEmpty() ? problem : setting + ": " + problem);
    this.setting = setting;
  }

  /** The YAML path of the bad setting, or empty when the file as a whole is unusable. */
  public String setting() {
    return setting;
  }
}
