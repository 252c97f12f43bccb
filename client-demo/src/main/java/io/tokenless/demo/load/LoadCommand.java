package io.tokenless.demo.load;

import io.tokenless.auth.kerberos.KerberosConfigException;
import io.tokenless.auth.kerberos.KerberosSettings;
import io.tokenless.kdc.KdcException;
import io.tokenless.kdc.SpnegoClient;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.security.auth.Subject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code client-demo load}: an HTTP/1.1 load generator that can authenticate every request the
 * way Tokenless' callers do (a fresh SPNEGO token, a client certificate, a Fernet token).
 * Exit status: 0 after a run, 2 for a bad option or set-up, 3 when {@code --preflight} got no
 * 2xx.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"HTTP/1.1 load generator: N keep-alive connections, one thread each, latency in HdrHistogram.",
        "Latency includes minting the per-request header (SPNEGO) and, with --new-connection, connecting",
        "and the TLS handshake."})
public final class LoadCommand implements Callable<Integer> {

  /** How requests are authenticated. */
  public enum Mechanism { none, spnego, cert, token }

  @Option(names = "--mechanism", defaultValue = "none",
      description = "none, spnego, cert or token (default: ${DEFAULT-VALUE})")
  Mechanism mechanism;

  @Option(names = "--url", required = true, description = "http:// or https:// URL to load")
  String url;

  @Option(names = "--duration", defaultValue = "20s", converter = DurationConverter.class,
      description = "measured time, e.g. 20s, 500ms, 2m (default: ${DEFAULT-VALUE})")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
      description = "load before measuring starts (default: ${DEFAULT-VALUE})")
  Duration warmup;

  @Option(names = {"-c", "--concurrency"}, defaultValue = "8",
      description = "connections, one thread each (default: ${DEFAULT-VALUE})")
  int concurrency;

  @Option(names = "--rate", defaultValue = "0",
      description = "total requests per second on a fixed schedule; latency then counts from the schedule"
          + " (coordinated omission); 0 = as fast as possible")
  double rate;

  @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "extra request header, repeatable")
  List<String> headers = new ArrayList<>();

  @Option(names = "--header-file", paramLabel = "FILE",
      description = "more headers, one 'Name: value' per line: keeps credentials off the command line")
  Path headerFile;

  @Option(names = "--method", defaultValue = "GET", description = "request method (default: ${DEFAULT-VALUE})")
  String method;

  @Option(names = "--body", paramLabel = "FILE", description = "request body (Content-Type application/json unless"
      + " a --header sets one)")
  Path body;

  @Option(names = "--url-file", paramLabel = "FILE",
      description = "request targets, one a line (/path?query, or a URL on --url's origin), sent in turn:"
          + " each connection walks the list from its own starting point; --url is the first request's origin")
  Path urlFile;

  @Option(names = "--body-lines", paramLabel = "FILE",
      description = "request bodies, one a line, sent in turn like --url-file (instead of --body)")
  Path bodyLines;

  @Option(names = "--new-connection", description = "a new connection (and a full TLS handshake) per request")
  boolean newConnection;

  @Option(names = "--tls-resume", description = "with --new-connection: allow TLS session resumption")
  boolean tlsResume;

  @Option(names = "--timeout", defaultValue = "30s", converter = DurationConverter.class,
      description = "connect and read timeout (default: ${DEFAULT-VALUE})")
  Duration timeout;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "a 'tokenless dev' data directory: krb5.conf, keytabs/, pki/, credentials.txt")
  Path dataDir;

  @Option(names = "--user", defaultValue = "alice", description = "client user (default: ${DEFAULT-VALUE})")
  String user;

  @Option(names = "--service-principal", paramLabel = "NAME",
      description = "HTTP/host[@REALM] or HTTP@host (default: HTTP/<host of --url> in the default realm)")
  String servicePrincipal;

  @Option(names = "--krb5-conf", paramLabel = "FILE", description = "default: DIR/krb5.conf")
  Path krb5Conf;

  @Option(names = "--keytab", paramLabel = "FILE", description = "default: DIR/keytabs/<user>.keytab")
  Path keytab;

  @Option(names = "--principal", description = "client principal (default: --user, in the default realm)")
  String principal;

  @Option(names = "--cert", paramLabel = "PEM", description = "client certificate (default: DIR/pki/clients/<user>.pem)")
  Path cert;

  @Option(names = "--key", paramLabel = "PEM", description = {"its private key, EC or RSA, unencrypted PKCS#8 or",
      "traditional (BEGIN EC/RSA PRIVATE KEY) (default: DIR/pki/clients/<user>-key.pem)"})
  Path key;

  @Option(names = "--cacert", paramLabel = "PEM",
      description = "CA certificates to trust for https (default: DIR/pki/ca.pem if present, else the JDK's)")
  Path cacert;

  @Option(names = "--no-hostname-check", description = "do not match the server certificate to the URL host")
  boolean noHostnameCheck;

  @Option(names = "--token", paramLabel = "TOKEN", description = "X-Auth-Token to send (mechanism token)")
  String token;

  @Option(names = "--token-file", paramLabel = "FILE", description = "file holding the X-Auth-Token (mechanism token)")
  Path tokenFile;

  @Option(names = "--token-from-password",
      description = "get the X-Auth-Token once at start: Keystone password auth as --user")
  boolean tokenFromPassword;

  @Option(names = "--password-env", paramLabel = "VAR",
      description = "environment variable holding --user's password (default: DIR/credentials.txt)")
  String passwordEnv;

  @Option(names = "--user-domain", defaultValue = "default", description = "domain id of --user and --project"
      + " (default: ${DEFAULT-VALUE})")
  String userDomain;

  @Option(names = "--project", description = "project name the token is scoped to (default: unscoped)")
  String project;

  @Option(names = "--auth-url", paramLabel = "URL", description = "token endpoint (default: <origin of --url>/v3/auth/tokens)")
  String authUrl;

  @Option(names = {"--mint-only", "--dry-run"},
      description = "no HTTP: only mint per-request tokens for the duration and report tokens/s")
  boolean mintOnly;

  @Option(names = "--preflight", description = "send one request first; exit 3 if it is not 2xx")
  boolean preflight;

  @Option(names = "--json", description = "also print the result as one JSON line (last line)")
  boolean json;

  private final PrintStream out;

  /** Prints to standard output. */
  public LoadCommand() {
    this(System.out);
  }

  /** Prints the report to {@code out} (tests read it back); set-up errors still go to standard error. */
  public LoadCommand(PrintStream out) {
    this.out = out;
  }

  @Override
  public Integer call() throws InterruptedException {
    try {
      return run(out);
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      System.err.println("client-demo load: " + e.getMessage());
      return 2;
    }
  }

  private int run(PrintStream out) throws InterruptedException {
    Target target = Target.parse(url);
    String verb = method.toUpperCase(Locale.ROOT);
    validate(target);

    HeaderSource perRequest = HeaderSource.NONE;
    if (mechanism == Mechanism.spnego) {
      SpnegoHeaderSource spnego = spnego(target);
      spnego.check();
      perRequest = spnego;
    }
    if (mintOnly) {
      if (!perRequest.perRequest()) {
        throw new IllegalArgumentException("--mint-only: mechanism " + mechanism + " mints nothing per request");
      }
      LoadResult result = MintBenchmark.run(perRequest, concurrency, warmup.toNanos(), duration.toNanos());
      print(out, LoadReport.of("mint-only", mechanism.name(), "-", "-", concurrency, false, 0,
          seconds(warmup), result));
      return 0;
    }

    TlsContexts.TlsMaterial tls = target.secure() || mechanism == Mechanism.token ? tlsMaterial() : null;
    List<String> allHeaders = new ArrayList<>();
    if (mechanism == Mechanism.token) {
      allHeaders.add("X-Auth-Token: " + xAuthToken(target, tls));
    }
    allHeaders.addAll(extraHeaders());
    RequestCycle requests = requests(verb, target, allHeaders);
    Connector connector = connector(target, tls);
    if (preflight && !preflightPasses(out, connector, requests.at(0), perRequest)) {
      return 3;
    }
    LoadGenerator generator = new LoadGenerator(connector, requests, perRequest, concurrency, newConnection);
    LoadResult result = generator.run(warmup.toNanos(), duration.toNanos(), rate);
    print(out, LoadReport.of("http", mechanism.name(), verb, url, concurrency, newConnection, rate,
        seconds(warmup), result));
    return 0;
  }

  /** One request, or one per line of --url-file or --body-lines, all rendered now. */
  private RequestCycle requests(String verb, Target target, List<String> allHeaders) {
    byte[] fixedBody = readBody();
    if (urlFile != null) {
      List<RequestTemplate> templates = new ArrayList<>();
      for (String line : readLines(urlFile, "--url-file")) {
        Target each = line.startsWith("/") ? target.withRequestTarget(line) : Target.parse(line);
        if (!each.origin().equals(target.origin())) {
          throw new IllegalArgumentException("--url-file: every URL must be on " + target.origin() + ", got " + line);
        }
        templates.add(new RequestTemplate(verb, each, allHeaders, fixedBody, newConnection));
      }
      return new RequestCycle(templates);
    }
    if (bodyLines != null) {
      List<RequestTemplate> templates = new ArrayList<>();
      for (String line : readLines(bodyLines, "--body-lines")) {
        templates.add(new RequestTemplate(verb, target, allHeaders, line.getBytes(StandardCharsets.UTF_8),
            newConnection));
      }
      return new RequestCycle(templates);
    }
    return RequestCycle.of(new RequestTemplate(verb, target, allHeaders, fixedBody, newConnection));
  }

  private Connector connector(Target target, TlsContexts.TlsMaterial tls) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    if (!target.secure()) {
      return new PlainConnector(target.host(), target.port(), timeoutMillis);
    }
    return new TlsConnector(target.host(), target.port(), timeoutMillis, tls, !noHostnameCheck,
        newConnection && !tlsResume);
  }

  /** One request before the run; says on standard error (and in JSON) why it did not pass. */
  private boolean preflightPasses(PrintStream out, Connector connector, RequestTemplate template,
      HeaderSource perRequest) {
    int status;
    try {
      status = Preflight.status(connector, template, perRequest);
    } catch (IOException e) {
      System.err.println("client-demo load: preflight: " + e.getClass().getSimpleName() + ": " + e.getMessage());
      return false;
    }
    if (status >= 200 && status <= 299) {
      return true;
    }
    System.err.println("client-demo load: preflight: status " + status);
    if (json) {
      out.println("{\"preflight_status\":" + status + "}");
    }
    return false;
  }

  private void validate(Target target) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency: must be at least 1");
    }
    if (duration.isZero()) {
      throw new IllegalArgumentException("--duration: must be more than 0");
    }
    if (rate < 0) {
      throw new IllegalArgumentException("--rate: must not be negative");
    }
    if (mechanism == Mechanism.cert && !target.secure()) {
      throw new IllegalArgumentException("--mechanism cert: needs an https:// URL");
    }
    int tokenSources = (token != null ? 1 : 0) + (tokenFile != null ? 1 : 0) + (tokenFromPassword ? 1 : 0);
    if (mechanism == Mechanism.token && tokenSources != 1) {
      throw new IllegalArgumentException(
          "--mechanism token: give exactly one of --token, --token-file and --token-from-password");
    }
    if (mechanism != Mechanism.token && tokenSources > 0) {
      throw new IllegalArgumentException("--token, --token-file and --token-from-password go with --mechanism token");
    }
    if (urlFile != null && bodyLines != null) {
      throw new IllegalArgumentException("--url-file and --body-lines: give one of them");
    }
    if (bodyLines != null && body != null) {
      throw new IllegalArgumentException("--body and --body-lines: give one of them");
    }
    if (tlsResume && !newConnection) {
      throw new IllegalArgumentException("--tls-resume: only with --new-connection");
    }
  }

  private SpnegoHeaderSource spnego(Target target) {
    Path conf = fromDataDir(krb5Conf, "--krb5-conf", "krb5.conf");
    Path tab = fromDataDir(keytab, "--keytab", "keytabs/" + user + ".keytab");
    if (!Files.isReadable(tab)) {
      throw new IllegalArgumentException("--keytab: cannot read " + tab);
    }
    Subject subject;
    try {
      KerberosSettings.apply(conf, KerberosSettings.DEFAULT_CLOCK_SKEW);
      subject = SpnegoClient.fromKeytab(principal == null ? user : principal, tab).subject();
    } catch (KerberosConfigException | KdcException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    // A Kerberos name, not a host-based one: the JDK would canonicalise the host through DNS.
    String service = servicePrincipal == null ? "HTTP/" + target.host() : servicePrincipal;
    return new SpnegoHeaderSource(subject, service);
  }

  private TlsContexts.TlsMaterial tlsMaterial() {
    Optional<Path> trust = Optional.ofNullable(cacert)
        .or(() -> Optional.ofNullable(dataDir).map(d -> d.resolve("pki/ca.pem")).filter(Files::isReadable));
    if (mechanism != Mechanism.cert) {
      return TlsContexts.create(Optional.empty(), Optional.empty(), trust);
    }
    Path certificate = fromDataDir(cert, "--cert", "pki/clients/" + user + ".pem");
    Path privateKey = fromDataDir(key, "--key", "pki/clients/" + user + "-key.pem");
    return TlsContexts.create(Optional.of(certificate), Optional.of(privateKey), trust);
  }

  private String xAuthToken(Target target, TlsContexts.TlsMaterial tls) {
    if (token != null) {
      return token;
    }
    if (tokenFile != null) {
      List<String> lines = readLines(tokenFile, "--token-file");
      if (lines.size() != 1) {
        throw new IllegalArgumentException("--token-file: expected one line in " + tokenFile);
      }
      return lines.get(0);
    }
    String password;
    if (passwordEnv != null) {
      password = System.getenv(passwordEnv);
      if (password == null || password.isEmpty()) {
        throw new IllegalArgumentException("--password-env: " + passwordEnv + " is not set");
      }
    } else {
      password = DevCredentials.passwordOf(fromDataDir(null, "--password-env", "credentials.txt"), user);
    }
    URI tokens = URI.create(authUrl != null ? authUrl : target.origin() + "/v3/auth/tokens");
    return KeystonePasswordAuth.issue(tokens, user, userDomain, password, Optional.ofNullable(project),
        tls.newContext());
  }

  /** The explicit file if given, else the file in the data directory; either must exist. */
  private Path fromDataDir(Path explicit, String option, String relative) {
    Path file = explicit;
    if (file == null) {
      if (dataDir == null) {
        throw new IllegalArgumentException(option + ": give it, or --data-dir (which holds " + relative + ")");
      }
      file = dataDir.resolve(relative);
    }
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(option + ": cannot read " + file);
    }
    return file;
  }

  /** {@code --header} and {@code --header-file} lines, checked to be one {@code Name: value} each. */
  private List<String> extraHeaders() {
    List<String> all = new ArrayList<>(headers);
    if (headerFile != null) {
      all.addAll(readLines(headerFile, "--header-file"));
    }
    for (String header : all) {
      if (header.indexOf(':') <= 0 || header.indexOf('\r') >= 0 || header.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("--header: expected 'Name: value' on one line");
      }
    }
    return all;
  }

  /** Non-blank lines, stripped; their content is never echoed (they may be credentials). */
  private static List<String> readLines(Path file, String option) {
    try {
      return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty()).toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(option + ": cannot read " + file + ": " + e.getMessage());
    }
  }

  private byte[] readBody() {
    if (body == null) {
      return new byte[0];
    }
    try {
      return Files.readAllBytes(body);
    } catch (IOException e) {
      throw new IllegalArgumentException("--body: cannot read " + body + ": " + e.getMessage());
    }
  }

  private void print(PrintStream out, LoadReport report) {
    out.print(report.toText());
    if (json) {
      out.println(report.toJson());
    }
    out.flush();
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }
}
