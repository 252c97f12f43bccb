-- wrk script: sends X-Auth-Token and X-Subject-Token read from the files that the environment
-- names (WRK_AUTH_TOKEN_FILE, WRK_SUBJECT_TOKEN_FILE), so no token is on a command line.
local function first_line(variable)
  local path = os.getenv(variable)
  if path == nil then error(variable .. " is not set") end
  local file = assert(io.open(path, "r"))
  local line = file:read("*l")
  file:close()
  return line
end

wrk.method = "GET"
wrk.headers["X-Auth-Token"] = first_line("WRK_AUTH_TOKEN_FILE")
wrk.headers["X-Subject-Token"] = first_line("WRK_SUBJECT_TOKEN_FILE")
