import init from '/crm-app-d1c1c44375cffd35.js';

init({ module_or_path: '/crm-app-eb22c8001a9168f8_bg.wasm' });
