import { parseCommand, runCommand } from '../command.ts';
import { migrate } from './dbmate.ts';
import { adminUrl } from './local-database.ts';

parseCommand({
  usage: 'npm run db:migrate',
  description: 'Apply the pending migrations of db/migrations with dbmate to DATABASE_URL, or to the database npm start runs.',
});
runCommand(async () => {
  await migrate(adminUrl());
  console.log('Migrations applied.');
});
