package io.tokenless.mapping;

import io.tokenless.auth.AuthenticatedPrincipal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an authenticated principal into the user it is, by the first rule that matches. Rules are
 * checked once, when the mapper is built: regular expressions compile, attribute names and
 * placeholders are known. Immutable and thread-safe.
 *
 * <p>A rule yields only when all its conditions hold and every placeholder of its user, domain
 * and groups has a non-empty value; otherwise the next rule is tried. No rule yielding is
 * {@link Optional#empty()}: the caller answers {@code 401}.
 */
public final class IdentityMapper {
  private static final Logger log = LoggerFactory.getLogger(IdentityMapper.class);
  private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
  /** Keystone's column limit for user and group names. */
  private static final int MAX_NAME_LENGTH = 255;

  private final List<CompiledRule> rules;

  /**
   * @param rules           in order; the first that yields wins
   * @param knownAttributes the attribute names conditions and placeholders may use
   * @throws MappingConfigException naming {@code mapping.rules[i]...} for the first bad setting
   */
  public IdentityMapper(List<MappingRule> rules, Set<String> knownAttributes) {
    List<CompiledRule> compiled = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      compiled.add(compile(rules.get(i), "mapping.rules[" + i + "]", i, Set.copyOf(knownAttributes)));
    }
    this.rules = List.copyOf(compiled);
  }

  /** A mapper that knows the Kerberos and X.509 attributes of {@link MappingAttributes#ALL}. */
  public static IdentityMapper of(List<MappingRule> rules) {
    return new IdentityMapper(rules, MappingAttributes.ALL);
  }

  /** The user {@code principal} is, or empty when no rule says. */
  public Optional<MappedIdentity> map(AuthenticatedPrincipal principal) {
    for (CompiledRule rule : rules) {
      Optional<MappedIdentity> identity = rule.apply(principal.attributes());
      if (identity.isPresent()) {
        log.debug("mapping: {} -> user {} by {}", principal.name(), identity.get().userName(), rule.label);
        return identity;
      }
    }
    log.debug("mapping: no rule maps {}", principal.name());
    return Optional.empty();
  }

  private static CompiledRule compile(MappingRule rule, String path, int index, Set<String> known) {
    List<CompiledCondition> conditions = new ArrayList<>();
    Set<String> placeholders = new java.util.HashSet<>(known);
    for (int c = 0; c < rule.match().size(); c++) {
      AttributeCondition condition = rule.match().get(c);
      String conditionPath = path + ".match[" + c + "]";
      if (!known.contains(condition.attribute())) {
        throw new MappingConfigException(conditionPath + ".attribute: unknown attribute " + condition.attribute()
            + "; known: " + new java.util.TreeSet<>(known));
      }
      Pattern pattern = null;
      if (condition.regex() != null) {
        try {
          pattern = Pattern.compile(condition.regex());
        } catch (PatternSyntaxException e) {
          throw new MappingConfigException(conditionPath + ".regex: " + e.getDescription() + " in '" + condition.regex() + "'");
        }
        Matcher names = GROUP_NAME.matcher(condition.regex());
        while (names.find()) {
          placeholders.add(names.group(1));
        }
      }
      conditions.add(new CompiledCondition(condition, pattern));
    }
    Template user = Template.parse(rule.user(), path + ".user", placeholders);
    Template domain = Template.parse(rule.domain().isById() ? rule.domain().id() : rule.domain().name(),
        path + ".domain." + (rule.domain().isById() ? "id" : "name"), placeholders);
    List<Template> groups = new ArrayList<>();
    for (int g = 0; g < rule.groups().size(); g++) {
      groups.add(Template.parse(rule.groups().get(g), path + ".groups[" + g + "]", placeholders));
    }
    String label = rule.name() == null || rule.name().isBlank() ? "rule " + index : rule.name();
    return new CompiledRule(label, rule, List.copyOf(conditions), user, domain, List.copyOf(groups));
  }

  private record CompiledCondition(AttributeCondition condition, Pattern pattern) {
    /** True when the condition holds; a regex match adds its named groups to {@code captures}. */
    boolean test(Map<String, String> attributes, Map<String, String> captures) {
      String value = attributes.get(condition.attribute());
      if (condition.present() != null) {
        boolean present = value != null && !value.isEmpty();
        return present == condition.present();
      }
      if (value == null) {
        return false;
      }
      if (condition.equals() != null) {
        return condition.equals().equals(value);
      }
      if (condition.anyOf() != null) {
        return condition.anyOf().contains(value);
      }
      Matcher matcher = pattern.matcher(value);
      if (!matcher.matches()) {
        return false;
      }
      Matcher names = GROUP_NAME.matcher(pattern.pattern());
      while (names.find()) {
        String group = matcher.group(names.group(1));
        if (group != null) {
          captures.put(names.group(1), group);
        }
      }
      return true;
    }
  }

  private record CompiledRule(String label, MappingRule rule, List<CompiledCondition> conditions, Template user,
      Template domain, List<Template> groups) {

    Optional<MappedIdentity> apply(Map<String, String> attributes) {
      Map<String, String> captures = new HashMap<>();
      for (CompiledCondition condition : conditions) {
        if (!condition.test(attributes, captures)) {
          return Optional.empty();
        }
      }
      java.util.function.Function<String, String> values =
          name -> captures.containsKey(name) ? captures.get(name) : attributes.get(name);
      Optional<String> userName = user.render(values).filter(IdentityMapper::acceptableName);
      Optional<String> domainValue = domain.render(values).filter(IdentityMapper::acceptableName);
      if (userName.isEmpty() || domainValue.isEmpty()) {
        log.debug("mapping: {} matched but its user or domain has no value", label);
        return Optional.empty();
      }
      List<String> groupNames = new ArrayList<>();
      for (Template group : groups) {
        Optional<String> groupName = group.render(values).filter(IdentityMapper::acceptableName);
        if (groupName.isEmpty()) {
          log.debug("mapping: {} matched but a group has no value", label);
          return Optional.empty();
        }
        groupNames.add(groupName.get());
      }
      DomainRef resolved = rule.domain().isById() ? DomainRef.byId(domainValue.get()) : DomainRef.byName(domainValue.get());
      return Optional.of(new MappedIdentity(userName.get(), resolved, groupNames, rule.provision(), label));
    }
  }

  /** Non-blank, within Keystone's limit, no control characters (they would forge log lines). */
  private static boolean acceptableName(String name) {
    if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    return name.chars().noneMatch(Character::isISOControl);
  }
}
