package io.tokenless.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads {@code tokenless.yaml} into a {@link TokenlessConfig}: the one place YAML is parsed.
 * Unknown settings are refused; relative paths are resolved against the configuration file's
 * directory; secrets may come from the environment ({@code TOKENLESS_DB_PASSWORD},
 * {@code TOKENLESS_DB_URL}, {@code TOKENLESS_DB_USER}). Every problem surfaces as one
 * {@link ConfigException} naming the setting.
 */
public final class ConfigLoader {
  private static final String BASE_DIR = "tokenless.baseDir";

  private final Map<String, String> environment;

  public ConfigLoader(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  public static ConfigLoader fromSystemEnvironment() {
    return new ConfigLoader(System.getenv());
  }

  public TokenlessConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("", "configuration file not found: " + file);
    } catch (IOException e) {
      throw new ConfigException("", "cannot read configuration file " + file + ": " + e.getMessage());
    }
    Path baseDir = file.toAbsolutePath().getParent();
    TokenlessConfig config = parse(text, baseDir);
    return applyEnvironment(config);
  }

  TokenlessConfig parse(String yaml, Path baseDir) {
    if (yaml.isBlank()) {
      throw new ConfigException("", "configuration is empty");
    }
    try {
      return mapper().readerFor(TokenlessConfig.class).withAttribute(BASE_DIR, baseDir).readValue(yaml);
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
        throw syntaxError(syntax);
      }
      throw describe(e);
    } catch (JsonProcessingException e) {
      throw syntaxError(e);
    }
  }

  private static ConfigException syntaxError(JsonProcessingException e) {
    var location = e.getLocation();
    String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    String reason = e.getOriginalMessage().lines().findFirst().orElse("");
    return new ConfigException("", "not valid YAML" + where + ": " + reason);
  }

  private TokenlessConfig applyEnvironment(TokenlessConfig config) {
    DatabaseConfig database = config.database();
    String url = environment.get("TOKENLESS_DB_URL");
    String user = environment.get("TOKENLESS_DB_USER");
    String password = environment.get("TOKENLESS_DB_PASSWORD");
    if (url == null && user == null && password == null) {
      return config;
    }
    try {
      database = new DatabaseConfig(url != null ? url : database.url(), user != null ? user : database.user(),
          password != null ? password : database.password(), database.poolSize());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("database." + e.getMessage().split(":", 2)[0],
          e.getMessage().split(":", 2)[1].trim() + " (from the environment)");
    }
    return new TokenlessConfig(config.server(), config.tls(), database, config.kerberos(), config.fernet(),
        config.passwords(), config.cache(), config.catalog(), config.mapping(), config.gateway());
  }

  private static ObjectMapper mapper() {
    SimpleModule paths = new SimpleModule("tokenless-paths");
    paths.addDeserializer(Path.class, new RelativePathDeserializer());
    return YAMLMapper.builder()
        .addModule(paths)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();
  }

  private static ConfigException describe(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    if (e instanceof UnrecognizedPropertyException unknown) {
      List<String> known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
      return new ConfigException(path, "unknown setting (known here: " + String.join(", ", known) + ")");
    }
    if (e instanceof ValueInstantiationException && e.getCause() instanceof RuntimeException invalid
        && invalid.getMessage() != null) {
      // Thrown by a record's compact constructor as "field: problem"; prefix the record's path.
      String message = invalid.getMessage();
      int colon = message.indexOf(": ");
      String field = colon > 0 ? message.substring(0, colon) : "";
      String problem = colon > 0 ? message.substring(colon + 2) : message;
      String full = path.isEmpty() ? field : field.isEmpty() ? path : path + "." + field;
      return new ConfigException(full, problem);
    }
    if (e instanceof InvalidFormatException invalid) {
      return new ConfigException(path, "expected " + describeType(invalid.getTargetType())
          + ", got '" + invalid.getValue() + "'");
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return new ConfigException(path, "expected " + describeType(mismatched.getTargetType()));
    }
    return new ConfigException(path, e.getOriginalMessage());
  }

  private static String describeType(Class<?> type) {
    if (type == Integer.class || type == int.class) {
      return "a whole number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString)
          .collect(Collectors.joining(", "));
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isRecord()) {
      return "a section of settings";
    }
    return "a " + type.getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  /** Resolves relative paths against the directory of the configuration file. */
  private static final class RelativePathDeserializer extends JsonDeserializer<Path> {
    @Override
    public Path deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      String text = parser.getValueAsString();
      if (text == null || text.isBlank()) {
        return null;
      }
      Path path = Path.of(text);
      Object base = context.getAttribute(BASE_DIR);
      if (!path.isAbsolute() && base instanceof Path baseDir) {
        path = baseDir.resolve(path);
      }
      return path.normalize();
    }
  }
}
