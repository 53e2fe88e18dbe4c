import { migrate } from './dbmate.ts';
import { adminUrl } from './local-database.ts';

// Apply pending migrations to DATABASE_URL, or to the database npm start runs.
migrate(adminUrl()).then(
  () => console.log('Migrations applied.'),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
