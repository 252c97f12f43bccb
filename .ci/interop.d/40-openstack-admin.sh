# Administration through the openstack CLI, as an operator does it, against the dev server's
# admin user (admin on project demo): create a domain, project, user and group, grant a role,
# and read the effective assignments back by name.

osc() {
  openstack --os-auth-url "$URL/v3" --os-identity-api-version 3 \
    --os-username admin --os-password "$TOKENLESS_DEV_PASSWORD" --os-project-name demo \
    --os-user-domain-id default --os-project-domain-id default "$@"
}

check "openstack domain create" osc domain create --description "Interop domain" corp
check "openstack project create --domain corp" osc project create --domain corp --description "Interop" webshop
check "openstack project show finds a project by name" \
  bash -c "$(declare -f osc); osc project show --domain corp -f value -c name webshop | grep -qx webshop"
check "openstack user create with a password" \
  osc user create --domain corp --password interop-alice --email alice@example.com alice
check "openstack group create" osc group create --domain corp developers
check "openstack group add user" osc group add user --group-domain corp --user-domain corp developers alice
check "openstack role create" osc role create webshop-operator
check "openstack implied role create" osc implied role create webshop-operator --implied-role member
check "openstack role add --user --project" \
  osc role add --user alice --user-domain corp --project webshop --project-domain corp member
check "openstack role add --group --project" \
  osc role add --group developers --group-domain corp --project webshop --project-domain corp webshop-operator
check "openstack role assignment list --effective --names --user alice" \
  bash -c "$(declare -f osc); out=\$(osc role assignment list --effective --names --user alice --user-domain corp -f value -c Role -c User -c Project) \
    && echo \"\$out\" && echo \"\$out\" | grep -q '^member alice@corp webshop@corp\$' \
    && echo \"\$out\" | grep -q '^webshop-operator alice@corp webshop@corp\$' \
    && echo \"\$out\" | grep -q '^reader alice@corp webshop@corp\$'"
check "openstack user list --domain corp" \
  bash -c "$(declare -f osc); osc user list --domain corp -f value -c Name | grep -qx alice"
check "openstack role remove" \
  osc role remove --user alice --user-domain corp --project webshop --project-domain corp member
check "openstack domain set --disable and domain delete" \
  bash -c "$(declare -f osc); osc domain set --disable corp && osc domain delete corp"
