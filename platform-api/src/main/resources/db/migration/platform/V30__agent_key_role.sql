-- Deploy agents authenticate with API keys of role 'agent', which may call only the agent API.
alter table api_keys drop constraint api_keys_role_check;
alter table api_keys add constraint api_keys_role_check
    check (role in ('admin', 'builder', 'deployer', 'viewer', 'agent'));
