# Administration through the openstack CLI, as an operator does it, against the dev server's
# admin user (admin on project demo): create a domain, project, user and group, grant a role,
# and read the effective assignments back by name.

osc() {
  openstack --os-auth-url "$URL/v3" --os-identity-api-version 3 \
    --os-username admin --os-password "$TOKENLESS_DEV_PASSWORD" --os-project-name demo \
    --os-user-domain-id default --os-project-domain-id default "$@"
}

check "openstack domain create" osc domain create --description "Interop shop" shop
check "openstack project create --domain shop" osc project create --domain shop --description "Interop" webshop
check "openstack project show finds a project by name" \
  bash -c "$(declare -f osc); osc project show --domain shop -f value -c name webshop | grep -qx webshop"
check "openstack user create with a password" \
  osc user create --domain shop --password interop-alice --email alice@example.com alice
check "openstack group create" osc group create --domain shop developers
check "openstack group add user" osc group add user --group-domain shop --user-domain shop developers alice
check "openstack role create" osc role create webshop-operator
check "openstack implied role create" osc implied role create webshop-operator --implied-role member
check "openstack role add --user --project" \
  osc role add --user alice --user-domain shop --project webshop --project-domain shop member
check "openstack role add --group --project" \
  osc role add --group developers --group-domain shop --project webshop --project-domain shop webshop-operator
check "openstack role assignment list --effective --names --user alice" \
  bash -c "$(declare -f osc); out=\$(osc role assignment list --effective --names --user alice --user-domain shop -f value -c Role -c User -c Project) \
    && echo \"\$out\" && echo \"\$out\" | grep -q '^member alice@shop webshop@shop\$' \
    && echo \"\$out\" | grep -q '^webshop-operator alice@shop webshop@shop\$' \
    && echo \"\$out\" | grep -q '^reader alice@shop webshop@shop\$'"
check "openstack user list --domain shop" \
  bash -c "$(declare -f osc); osc user list --domain shop -f value -c Name | grep -qx alice"
check "openstack role remove" \
  osc role remove --user alice --user-domain shop --project webshop --project-domain shop member
check "openstack domain set --disable and domain delete" \
  bash -c "$(declare -f osc); osc domain set --disable shop && osc domain delete shop"
