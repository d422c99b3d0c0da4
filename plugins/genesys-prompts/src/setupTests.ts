import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Page-level tests render charts and dialogs; on a busy 2-core CI machine
// running every package at once, 5 s is not enough for the slowest of them.
jest.setTimeout(30_000);

// findBy*/waitFor: the tokenizer chunk and lazy tabs load slowly under load.
configure({ asyncUtilTimeout: 5000 });
