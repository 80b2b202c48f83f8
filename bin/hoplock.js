#!/usr/bin/env node
import "../dist/cli/hoplock.js";
