#!/usr/bin/env node
// npm links bins at install time, before dist/ is built; a committed entry lets the link exist
// on a fresh clone (npx --no-install platform), and resolves the built CLI when it runs.
import "../dist/bin.js";
