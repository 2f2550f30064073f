import { render } from 'preact';
import { App } from './App.tsx';
import { AppContext, createAppState } from './state/AppState.ts';
import './styles.css';

const root = document.getElementById('app');
if (!root) throw new TypeError('index.html has no #app element');
const app = createAppState(window);
render(
  <AppContext.Provider value={app}>
    <App />
  </AppContext.Provider>,
  root,
);
