-- Neovim as a second, independent LSP client of dist/server.js (run by test/e2e/nvim.mjs):
--   nvim --headless --clean -c 'luafile lsp-probe.lua' queue-drain.perf.yaml
-- Environment: PERFDOC_SERVER (path of server.js), PERFDOC_ROOT (workspace folder),
-- PERFDOC_HOVER_LINE / PERFDOC_HOVER_CHARACTER (zero-based), PERFDOC_WAIT_MS.
-- Prints one line `PERFDOC_PROBE <json>`: { ready, diagnostics = [{ code, message, line, character }], hover = LSP Hover or null }.
local wait_ms = tonumber(os.getenv('PERFDOC_WAIT_MS')) or 20000
vim.bo.filetype = 'yaml'
local client_id = vim.lsp.start_client({
  cmd = { 'node', os.getenv('PERFDOC_SERVER'), '--stdio' },
  root_dir = os.getenv('PERFDOC_ROOT'),
})
vim.lsp.buf_attach_client(0, client_id)
-- The first publishDiagnostics with entries is the analysis of this buffer.
local ready = vim.wait(wait_ms, function() return #vim.diagnostic.get(0) > 0 end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  -- Neovim 0.7 keeps the LSP diagnostic's code under user_data.lsp; later versions also in `code`.
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
  table.insert(diagnostics, { code = code, message = d.message, line = d.lnum, character = d.col })
end

local hover = vim.NIL
local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = tonumber(os.getenv('PERFDOC_HOVER_LINE')), character = tonumber(os.getenv('PERFDOC_HOVER_CHARACTER')) },
}, wait_ms)
for _, response in pairs(responses or {}) do
  if response.result then hover = response.result end
end

io.stdout:write('PERFDOC_PROBE ' .. vim.fn.json_encode({ ready = ready, diagnostics = diagnostics, hover = hover }) .. '\n')
vim.lsp.stop_client(client_id)
vim.cmd('qa!')
