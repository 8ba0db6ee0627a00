#!/bin/sh
# Stand-in for Prisma's native schema engine, which the CLI downloads before `generate`.
# This project applies and creates migrations with Prisma's WASM engine (scripts/migrate.ts),
# so the native engine is never needed. Set PRISMA_ONLINE=1 to use Prisma's own CLI engine.
echo "The native Prisma schema engine is not installed: use 'npm run db:migrate' / 'npm run db:migration -- <name>'." >&2
exit 1
