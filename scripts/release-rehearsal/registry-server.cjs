// Runs Verdaccio (argv: its package dir, the config file) on a free loopback port chosen by the OS, reports
// the port to the parent over IPC, and exits when the parent disconnects (even if the parent was killed).
const { runServer } = require(process.argv[2]);

runServer(process.argv[3]).then((server) => {
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
});
