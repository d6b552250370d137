#!/usr/bin/env node
// Runs the compiled CLI (npm install builds it into dist/ through the prepare script).
const path = require("node:path");
const { main } = require(path.join(__dirname, "..", "dist", "cli", "main.js"));
main(process.argv).then((code) => {
  process.exitCode = code;
});
