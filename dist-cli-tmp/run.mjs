const { main } = await import('./main.mjs');
process.exitCode = await main(process.argv.slice(2));
