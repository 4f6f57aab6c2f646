// Registered in the jest config (.projenrc.ts, setupFilesAfterEnv): validates every mocked AWS request of every test.
import { installRequestValidation } from './request-validation';

installRequestValidation();
