import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The entity page renders the whole app shell; on 2 busy cores 5 s is tight.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 5000 });
